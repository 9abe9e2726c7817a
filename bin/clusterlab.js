#!/usr/bin/env node
// The clusterlab command. It runs the JavaScript compiled ahead of time into
// dist/ (bin/build.js; `npm ci` and `npm pack` build it), checked against the
// sources in a clone and rebuilt when one changed. When it cannot be had, the
// TypeScript sources run through tsx, as they do for the tests.
import { compiledCli } from './build.js';

const compiled = await compiledCli();
let main;
if (compiled) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../experiments/cli/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));

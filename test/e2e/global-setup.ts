/** Builds the browser app once before the tests (a no-op when dist/viz matches the sources). */
import { ensureVizBuild } from '../../experiments/view/build.ts';

export default async function setup(): Promise<void> {
  await ensureVizBuild((line) => process.stderr.write(`${line}\n`));
}

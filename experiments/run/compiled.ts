/**
 * Whether this code runs from the sources (through tsx: null) or compiled
 * ahead of time into dist/ (bin/build.js replaces this module in the build
 * with the URL of the folder it wrote). Code that starts a worker thread asks
 * here which entry to start: a compiled worker next to the compiled command,
 * or a source entry that registers tsx first.
 */
export const COMPILED_DIR: URL | null = null;

/** The URL of a compiled entry (bin/build.js ENTRIES), when running compiled. */
export function compiledEntry(name: string): URL | null {
  return COMPILED_DIR ? new URL(`./${name}.mjs`, COMPILED_DIR) : null;
}

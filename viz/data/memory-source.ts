/** A FileSource over files held in a Map (tests, gallery, runs made in the browser). */
import type { FileSource } from './load.ts';

export function memorySource(files: ReadonlyMap<string, string>, prefix = ''): FileSource {
  const paths = [...files.keys()].map((p) => prefix + p);
  return {
    paths,
    async text(path) {
      const text = files.get(path.slice(prefix.length));
      if (text === undefined) throw new Error(`no such file: ${path}`);
      return text;
    },
  };
}

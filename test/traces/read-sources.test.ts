/** The one trace-reading orchestrator, over sources of text that Node files and browser files both implement. */
import { describe, expect, it } from 'vitest';
import { readTraceSources, type ReadHost, type TraceSource } from '../../traces/read-sources.ts';

const source = (name: string, text: string, fromDirectory = false): TraceSource => ({
  name,
  fromDirectory,
  async *chunks() {
    // Cut mid-line: the orchestrator, not the source, splits lines.
    for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
  },
});

const host: ReadHost = {
  usage: (reason, file) => new Error(`${file ?? '-'}: ${reason}`),
  formatOption: '--format',
  mappedCsv: () => {
    throw new Error('no mapping here');
  },
};

const SWF = '; MaxProcs: 8\n1 0 5 100 4 -1 -1 4 200 -1 1 1 1 -1 1 -1 -1 -1\n2 10 0 50 2 -1 -1 2 60 -1 1 1 1 -1 1 -1 -1 -1\n';

describe('readTraceSources', () => {
  it('reads an SWF source in chunks, skips an unknown file from a directory and lists it', async () => {
    const files: string[] = [];
    const w = await readTraceSources([source('log.swf', SWF, true), source('notes.bin', '\u0001\u0002', true)], null, { onFile: (kind, name) => files.push(`${kind}:${name}`) }, host);
    expect(w.jobs.map((j) => j.id)).toEqual(['1', '2']);
    expect(w.cluster?.nodes.length).toBe(8);
    expect(w.header.skipped_files).toBe('notes.bin');
    expect(files).toEqual(['data:log.swf']);
  });

  it('refuses an unknown file named on its own through the host, with the way to name a format', async () => {
    await expect(readTraceSources([source('notes.bin', '\u0001\u0002')], null, {}, host)).rejects.toThrow(/^notes\.bin: unknown trace format.*; give --format \(swf, /);
  });
});

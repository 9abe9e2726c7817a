import { describe, expect, it } from 'vitest';
import { AzureLlmParser } from '../../traces/azure-llm.ts';
import { parseTexts } from '../../traces/parser.ts';
import { parseStamp, stampDiff } from '../../traces/time.ts';
import { errorOf } from '../helpers/traces.ts';

const read = (lines: string[], options = {}) => parseTexts(new AzureLlmParser(options), [{ file: 'llm.csv', table: 'requests', text: ['TIMESTAMP,ContextTokens,GeneratedTokens', ...lines].join('\r\n') }]);

describe('Azure LLM inference importer', () => {
  it('maps requests: submit from the earliest timestamp, runtime from the token model', () => {
    const w = read(['2023-11-16 18:17:04.0319600,3180,8', '2023-11-16 18:17:03.9799600,4808,10', '2023-11-16 23:59:59.9999999,0,0']);
    expect(w.jobs.map((j) => [j.id, j.submit, j.runtime, j.labels])).toEqual([
      ['1', 0.052, 3180 / 8000 + 8 / 25, { 'azure-llm/context-tokens': '3180', 'azure-llm/generated-tokens': '8' }],
      ['2', 0, 4808 / 8000 + 10 / 25, { 'azure-llm/context-tokens': '4808', 'azure-llm/generated-tokens': '10' }],
      ['3', 20576.0200399, 0.001, { 'azure-llm/context-tokens': '0', 'azure-llm/generated-tokens': '0' }],
    ]);
    expect(w.jobs[0]!.request).toEqual({});
    expect(w.repaired).toEqual({ runtime_floor_1ms: 1 });
    expect(read(['2023-11-16 18:17:04.0,1000,10'], { prefillRate: 1000, decodeRate: 10 }).jobs[0]!.runtime).toBe(2);
  });

  it('reads calendar timestamps without the Date object, across month and year ends', () => {
    expect(stampDiff(parseStamp('2024-03-01 00:00:00')!, parseStamp('2024-02-28 00:00:00')!)).toBe(2 * 86400);
    expect(stampDiff(parseStamp('2024-01-01 00:00:00.5')!, parseStamp('2023-12-31 23:59:59')!)).toBe(1.5);
    expect(parseStamp('1970-01-01 00:00:01')).toEqual({ seconds: 1, nanos: 0 });
    expect(parseStamp('2000-03-01 00:00:00.25')).toEqual({ seconds: 951868800, nanos: 250000000 });
    for (const bad of ['2023-02-29 00:00:00', '2023-13-01 00:00:00', '2023-11-16T25:00:00', '2023-11-16', '2023-11-16 1:00:00']) expect(parseStamp(bad), bad).toBeNull();
  });

  it('names file, line, column, field and value', () => {
    expect(errorOf(() => read(['16/11/2023 18:17,1,1'])).message).toBe('llm.csv:2:1: not a timestamp (YYYY-MM-DD HH:MM:SS.fffffff) (field 1 (TIMESTAMP), value "16/11/2023 18:17")');
    expect(errorOf(() => read(['2023-11-16 18:17:04.0,-1,1'])).message).toMatch(/must not be negative \(field 2 \(ContextTokens\)/);
  });
});

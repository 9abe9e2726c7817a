/**
 * Properties every importer must have (fast-check): any text gives a
 * workload or an InputError, never another exception or a hang; a file cut
 * into chunks at any byte offsets parses the same as whole (the Kubernetes
 * input has multi-byte characters, in its comments); gzip and plain files
 * give the same workload.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { FORMATS, formatSpec, type ImportOptions } from '../../traces/formats.ts';
import { LineSplitter } from '../../traces/lines.ts';
import { readTrace } from '../../traces/node-read.ts';
import type { TraceParser } from '../../traces/parser.ts';

const S = 'traces/samples/';
const head = (file: string, lines: number) => {
  const raw = readFileSync(S + file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text.split('\n').slice(0, lines).join('\n') + '\n';
};
const MAPPING: ImportOptions = { mapping: { columns: { id: 'id', submit: 'submit', runtime: 'runtime', tasks: 'tasks' }, request: { cpu: 'cpu' } } };

/** A representative input of each format and table: the first lines of the real samples, or small hand-made files. */
const INPUTS: { format: string; table: string; text: string; options?: ImportOptions }[] = [
  { format: 'swf', table: 'log', text: head('KTH-SP2-1996-2.1-cln.swf.gz', 60) },
  { format: 'google-2011', table: 'task_events', text: head('google-2011-task_events-part-00000-of-00500.csv.gz', 80) },
  { format: 'google-2011', table: 'job_events', text: head('google-2011-job_events-part-00000-of-00500.csv.gz', 40) },
  { format: 'google-2011', table: 'machine_events', text: head('google-2011-machine_events-part-00000-of-00001.csv.gz', 40) },
  { format: 'alibaba-2017', table: 'batch_task', text: head('alibaba-2017-batch_task.csv.gz', 60) },
  { format: 'alibaba-2018', table: 'machine_meta', text: head('alibaba-2018-machine_meta.csv', 40) },
  { format: 'alibaba-2018', table: 'machine_usage', text: head('alibaba-2018-machine_usage-excerpt-100k.csv.gz', 40) },
  { format: 'alibaba-2018', table: 'batch_task', text: 'M1,2,j_1,1,Terminated,100,160,50,0.5\nR2_1,1,j_1,1,Terminated,170,200,100,1\n' },
  { format: 'alibaba-2018', table: 'container_meta', text: 'c_1,m_1,10,app_5,started,400,800,1.5\nc_1,m_1,20,app_5,allocated,800,800,1.5\n' },
  // Instances alone: their tasks are unknown, so they are dropped (counted); the property holds all the same.
  { format: 'alibaba-2018', table: 'batch_instance', text: 'ins_1,M1,j_1,1,Terminated,101,150,m_1,1,1,50,60,0.1,0.2\nins_2,M1,j_1,1,Terminated,102,180,m_2,1,2,,,,\n' },
  { format: 'alibaba-2018', table: 'container_usage', text: 'c_1,m_1,10,25,40,1.5,2.1,0.3,1.2,0.8,3\nc_1,m_1,20,,,,,,,,\n' },
  { format: 'openb', table: 'pods', text: head('openb_pod_list_default.csv', 60) },
  { format: 'openb', table: 'nodes', text: head('openb_node_list_all_node.csv', 40) },
  { format: 'pai-2020', table: 'machine_spec', text: head('pai_machine_spec.csv', 40) },
  { format: 'azure-vm', table: 'vmtable', text: 'vmA,subX,depY,300,3900,99.5,20.1,90.2,Interactive,2,4\nvmB,subX,depZ,0,600,10,5,8,Delay-insensitive,>24,>64\n' },
  { format: 'azure-llm', table: 'requests', text: head('AzureLLMInferenceTrace_code.csv', 60) },
  { format: 'philly', table: 'machines', text: head('philly_cluster_machine_list.csv', 40) },
  {
    format: 'philly',
    table: 'jobs',
    text: '[\n{"status": "Pass", "vc": "v", "jobid": "a", "submitted_time": "2017-10-03 02:49:30", "user": "u",\n "attempts": [{"start_time": "2017-10-03 02:50:00", "end_time": "2017-10-03 03:50:00", "detail": [{"ip": "m1", "gpus": ["gpu0"]}]}]}\n]\n',
  },
  {
    format: 'kubernetes',
    table: 'objects',
    text: `${readFileSync(S + 'kubernetes/openb-nodes/openb_node_list_gpu_node.yaml', 'utf8').split('\n---\n').slice(0, 3).join('\n---\n')}\n---\n${readFileSync(S + 'kubernetes/open-simulator/apps-complicate/deploy-webapp.yaml', 'utf8')}`,
  },
  { format: 'kubernetes', table: 'objects', text: JSON.stringify({ kind: 'List', items: [{ kind: 'Node', metadata: { name: 'n' }, status: { allocatable: { cpu: '4' } } }, { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } }] }, null, 1) },
  { format: 'csv', table: 'records', text: 'id,submit,runtime,tasks,cpu\na,0,10,2,1.5\nb,"5",20,1,1\n', options: MAPPING },
  { format: 'cluster', table: 'description', text: 'groups:\n  - name: g\n    count: 3\n    capacity: {cpu: 4, memory: 1Gi}\n    zones: [a, b]\n' },
  { format: 'canonical', table: 'workload', text: '{"format":"clusterlab-workload","version":1,"source":{"format":"swf","file":"x"},"cluster":null}\n{"id":"1","submit":0,"tasks":1,"request":{"cpu":1},"runtime":5,"estimate":5}\n' },
];

function parser(input: (typeof INPUTS)[number]): TraceParser {
  return formatSpec(input.format)!.create(input.options ?? {});
}

/**
 * Parses `text` as its UTF-8 bytes cut at the byte offsets `cuts` (inside a
 * multi-byte character too), decoded chunk by chunk as traces/source.ts
 * decodes a file.
 */
function parseChunks(input: (typeof INPUTS)[number], text: string, cuts: number[]) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder('utf-8');
  const p = parser(input);
  p.begin('f', input.table);
  const splitter = new LineSplitter('f', (line, no) => p.line(line, no));
  let last = 0;
  for (const c of [...new Set(cuts.map((x) => Math.min(x, bytes.length)))].sort((a, b) => a - b)) {
    splitter.push(decoder.decode(bytes.subarray(last, c), { stream: true }));
    last = c;
  }
  splitter.push(decoder.decode(bytes.subarray(last)));
  splitter.end();
  p.end();
  return p.finish();
}

/** Random edits of a valid text: the inputs most likely to reach deep into a parser. */
const mutated = (text: string) =>
  fc.array(fc.tuple(fc.nat(text.length), fc.nat(3), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((edits) => {
    let t = text;
    for (const [at, kind, s] of edits) {
      const i = at % (t.length + 1);
      t = kind === 0 ? t.slice(0, i) + s + t.slice(i) : kind === 1 ? t.slice(0, i) + t.slice(i + s.length + 1) : t.slice(0, i) + s + t.slice(i + s.length);
    }
    return t;
  });

describe('every importer', () => {
  it('has a representative input for every format', () => {
    expect(new Set(INPUTS.map((i) => i.format))).toEqual(new Set(FORMATS.map((f) => f.name)));
  });

  for (const input of INPUTS) {
    const name = `${input.format}:${input.table}`;

    it(`${name}: any text, or any edit of a valid file, gives a workload or an InputError`, () => {
      const check = (text: string) => {
        try {
          parseChunks(input, text, []);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
        }
      };
      fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 100 });
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 50 });
      fc.assert(fc.property(mutated(input.text), check), { numRuns: 150 });
    });

    it(`${name}: parses the same whatever the byte offsets the file is cut at`, () => {
      const whole = parseChunks(input, input.text, []);
      const size = new TextEncoder().encode(input.text).length;
      fc.assert(
        fc.property(fc.array(fc.nat(size), { maxLength: 8 }), (cuts) => {
          expect(parseChunks(input, input.text, cuts)).toEqual(whole);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('reads gzip and plain files to the same workload, detecting the format of each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clusterlab-gz-'));
    // The generic CSV reads through its mapping file, which makes the file a CSV without --format.
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify(MAPPING.mapping));
    for (const [i, input] of INPUTS.entries()) {
      const plain = join(dir, `p${i}`);
      const gz = join(dir, `g${i}`);
      writeFileSync(plain, input.text);
      writeFileSync(gz, gzipSync(input.text));
      const byMapping = input.format === 'csv' ? { mappingPath: mapping } : {};
      const a = await readTrace([plain], { format: `${input.format}:${input.table}`, ...byMapping });
      const b = await readTrace([gz], byMapping);
      expect({ ...b, source: a.source }, `${input.format}:${input.table}`).toEqual(a);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, explainUndetected } from '../../traces/detect.ts';
import { detectFile, readTrace } from '../../traces/node-read.ts';

const S = 'traces/samples/';

describe('format detection by content', () => {
  it('recognizes every real sample', async () => {
    const cases: [string, string, string][] = [
      ['KTH-SP2-1996-2.1-cln.swf.gz', 'swf', 'log'],
      ['google-2011-task_events-part-00000-of-00500.csv.gz', 'google-2011', 'task_events'],
      ['google-2011-job_events-part-00000-of-00500.csv.gz', 'google-2011', 'job_events'],
      ['google-2011-machine_events-part-00000-of-00001.csv.gz', 'google-2011', 'machine_events'],
      ['alibaba-2017-batch_task.csv.gz', 'alibaba-2017', 'batch_task'],
      ['alibaba-2018-machine_meta.csv', 'alibaba-2018', 'machine_meta'],
      ['alibaba-2018-machine_usage-excerpt-100k.csv.gz', 'alibaba-2018', 'machine_usage'],
      ['openb_pod_list_default.csv', 'openb', 'pods'],
      ['openb_node_list_gpu_node.csv', 'openb', 'nodes'],
      ['pai_machine_spec.csv', 'pai-2020', 'machine_spec'],
      ['AzureLLMInferenceTrace_conv.csv', 'azure-llm', 'requests'],
      ['philly_cluster_machine_list.csv', 'philly', 'machines'],
      ['kubernetes/openb-nodes/openb_node_list_gpu_node.yaml', 'kubernetes', 'objects'],
      ['kubernetes/open-simulator/newnode-demo_1/node-1.yaml', 'kubernetes', 'objects'],
    ];
    for (const [file, format, table] of cases) expect(await detectFile(S + file), file).toEqual({ format, table });
  });

  it('does not rely on the name: a renamed file is detected the same', () => {
    const google = '0,,3418309,0,4155527081,0,70s3v5qRyCO/1PCdI6fVXnrW8FU/w+5CKRSa72xgcIo=,3,9,,,,\n0,,3418314,0,3938719206,0,70s3v5qRyCO/1PCdI6fVXnrW8FU/w+5CKRSa72xgcIo=,3,9,0.125,0.07446,0.0004244,0\n';
    expect(detectFormat(google, 'data.txt')).toEqual({ format: 'google-2011', table: 'task_events' });
    expect(detectFormat('6459,6524,3,4,15740,Terminated,50,0.007956928\r\n6036,6046,4,7,393,Waiting,,\r\n', 'x')).toEqual({ format: 'alibaba-2017', table: 'batch_task' });
    expect(detectFormat('0,,3418309,0,70s3v5qRyCO/1PCdI6fVXnrW8FU/w+5CKRSa72xgcIo=,3,IHgtoxEBuUTHNbUeVs4hzptMY4n8rZKLbZg+Jh5fNG4=,wAmgn2H74cdoMuSFwJF3NaUEaudVBTZ0/HaNZBwIpEQ=\n', 'x')).toEqual({ format: 'google-2011', table: 'job_events' });
    expect(detectFormat('M1,2,j_1,1,Terminated,100,160,50,0.5\n', 'x')).toEqual({ format: 'alibaba-2018', table: 'batch_task' });
    expect(detectFormat('c_1,m_1,10,app_5,started,400,800,1.5\n', 'x')).toEqual({ format: 'alibaba-2018', table: 'container_meta' });
    expect(detectFormat('ins_1,M1,j_1,1,Terminated,101,150,m_1,1,1,50,60,0.1,0.2\n', 'x')).toEqual({ format: 'alibaba-2018', table: 'batch_instance' });
    expect(detectFormat('vmA,subX,depY,300,3900,99.5,20.1,90.2,Interactive,2,4\n', 'x')).toEqual({ format: 'azure-vm', table: 'vmtable' });
    expect(detectFormat('1 0 5 100 4 -1 -1 4 200 -1 1 7 3 -1 2 -1 -1 -1\n', 'x')).toEqual({ format: 'swf', table: 'log' });
    expect(detectFormat('{"format":"clusterlab-workload","version":1}\n', 'x')).toEqual({ format: 'canonical', table: 'workload' });
    // A header longer than the part of the file detection reads (a large cluster inline).
    expect(detectFormat(`{"format":"clusterlab-workload","version":1,"cluster":{"nodes":[${'{"id":"n","capacity":{}},'.repeat(4000)}`, 'x')).toEqual({ format: 'canonical', table: 'workload' });
    expect(detectFormat('{"apiVersion":"v1","items":[],"kind":"List"}\n', 'x')).toEqual({ format: 'kubernetes', table: 'objects' });
    expect(detectFormat('[{"status":"Pass","jobid":"a","attempts":[]}]\n', 'x')).toEqual({ format: 'philly', table: 'jobs' });
    expect(detectFormat('groups:\n  - {name: a, count: 1, capacity: {cpu: 1}}\n', 'x')).toEqual({ format: 'cluster', table: 'description' });
    expect(detectFormat('file: jobs.csv\ncolumns: {submit: s, runtime: r}\n', 'x')).toEqual({ format: 'csv', table: 'mapping' });
  });

  it('uses the name only when the content says nothing, and otherwise gives up', () => {
    expect(detectFormat('', 'empty.swf')).toEqual({ format: 'swf', table: 'log' });
    expect(detectFormat('', 'empty.csv')).toBeNull();
    expect(detectFormat('hello,world\n1,2\n', 'x.csv')).toBeNull();
    expect(detectFormat('\u0000\u0001PNG\n', 'x.png')).toBeNull();
  });
});

describe('when detection fails', () => {
  // The PAI machine spec has no header row: one bad value used to leave only "unknown trace format".
  const pai = readFileSync(S + 'pai_machine_spec.csv', 'utf8').split('\n').slice(0, 10);
  pai[6] = pai[6]!.replace(',96,', ',96x,');
  const corrupt = `${pai.join('\n')}\n`;

  it('names the formats that came closest and the first line that does not fit them', () => {
    expect(detectFormat(corrupt, 'spec.csv')).toBeNull();
    expect(explainUndetected(corrupt)).toBe('closest: pai-2020 machine_spec (9 of 10 lines fit; line 7: field 3 must be an integer, value "96x")');
    const swf = '1 0 5 100 4 -1 -1 4 200 -1 1 7 3 -1 2 -1 -1 -1\n2 0 5 1O0 4 -1 -1 4 200 -1 1 7 3 -1 2 -1 -1 -1\n';
    expect(explainUndetected(swf)).toBe('closest: swf (1 of 2 lines fit; line 2: field 4 must be a number, value "1O0")');
    const header = 'sn,cpu_milli,memory_mb,gpu,model\nn1,1000,1024,1,T4\n';
    expect(explainUndetected(header)).toMatch(/^closest: openb nodes \(header row, line 1: column 3 is "memory_mb", expected "memory_mib"\)/);
    expect(explainUndetected('hello,world\n1,2\n')).toBeNull();
  });

  it('says so in the error of the reader', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'clusterlab-detect-')), 'spec.csv');
    writeFileSync(path, corrupt);
    await expect(readTrace([path])).rejects.toThrow(`${path}: unknown trace format (closest: pai-2020 machine_spec (9 of 10 lines fit; line 7: field 3 must be an integer, value "96x")); give --format (swf, canonical`);
  });
});

describe('byte-order marks', () => {
  it('are not part of the data: a file saved with one reads the same', async () => {
    const { parseTexts } = await import('../../traces/parser.ts');
    const { OpenbParser } = await import('../../traces/openb.ts');
    const text = 'sn,cpu_milli,memory_mib,gpu,model\nn1,1000,1024,1,T4\n';
    const read = (t: string) => parseTexts(new OpenbParser(), [{ file: 'n.csv', table: 'nodes', text: t }]).cluster;
    expect(read(`\ufeff${text}`)).toEqual(read(text));
    expect(detectFormat(`\ufeff${text}`, 'n.csv')).toEqual({ format: 'openb', table: 'nodes' });
  });
});

import { describe, expect, it } from 'vitest';
import { PhillyParser } from '../../traces/philly.ts';
import { parseTexts } from '../../traces/parser.ts';
import { errorOf } from '../helpers/traces.ts';

const JOBS = JSON.stringify(
  [
    { status: 'Pass', vc: 'vc1', jobid: 'app_1', submitted_time: '2017-10-03 02:49:30', user: 'u1', attempts: [{ start_time: '2017-10-03 02:50:00', end_time: '2017-10-03 03:50:00', detail: [{ ip: 'm1', gpus: ['gpu0', 'gpu1'] }, { ip: 'm2', gpus: ['gpu0'] }] }] },
    {
      status: 'Killed', vc: 'vc2', jobid: 'app_2', submitted_time: '2017-10-03 02:00:00', user: 'u2',
      attempts: [
        { start_time: '2017-10-03 02:10:00', end_time: '2017-10-03 02:20:00', detail: [{ ip: 'm1', gpus: ['gpu3'] }] },
        { start_time: '2017-10-03 03:00:00', end_time: '2017-10-03 03:00:30', detail: [{ ip: 'm3', gpus: ['gpu0', 'gpu1', 'gpu2', 'gpu3'] }] },
      ],
    },
    { status: 'Failed', vc: 'vc1', jobid: 'app_3', submitted_time: '2017-10-04 00:00:00', user: 'u1', attempts: [] },
    { status: 'Pass', vc: 'vc1', jobid: 'app_4', submitted_time: '2017-10-04 00:00:00', user: 'u1', attempts: [{ start_time: '2017-10-04 00:00:01', end_time: null, detail: [] }] },
    { status: 'Pass', vc: 'vc1', jobid: 'app_5', submitted_time: '2017-10-04 00:00:00', user: 'u1', attempts: [{ start_time: '2017-10-04 00:00:01', end_time: 'None', detail: [] }] },
  ],
  null,
  1,
);

describe('Philly importer', () => {
  it('maps the job log: GPUs of the last attempt as tasks, its run as the runtime, submit from the earliest', () => {
    const w = parseTexts(new PhillyParser(), [{ file: 'cluster_job_log', table: 'jobs', text: JOBS }]);
    expect(w.jobs.map((j) => [j.id, j.submit, j.tasks, j.request, j.runtime, j.logWait, j.tenant, j.user, j.logStatus])).toEqual([
      ['app_1', 49 * 60 + 30, 3, { gpu: 1 }, 3600, 30, 'vc1', 'u1', 'Pass'],
      ['app_2', 0, 4, { gpu: 1 }, 30, 600, 'vc2', 'u2', 'Killed'],
    ]);
    expect(w.dropped).toEqual({ no_attempts: 1, attempt_time_unknown: 2 });
    expect(w.repaired).toEqual({ retried_last_attempt_kept: 1 });
    expect(w.records).toMatchObject({ jobs: 5, 'jobs.status.Pass': 3 });
  });

  it('maps the machine list to GPU nodes, with the per-GPU memory as a label', () => {
    const w = parseTexts(new PhillyParser(), [{ file: 'machines.csv', table: 'machines', text: 'machineId, number of GPUs, single GPU mem\nm0,2, 12GB\nm1,8, 24GB\n' }]);
    expect(w.cluster).toEqual({ resources: ['gpu'], nodes: [{ id: 'm0', capacity: { gpu: 2 }, labels: { 'clusterlab/gpu-memory': '12GB' } }, { id: 'm1', capacity: { gpu: 8 }, labels: { 'clusterlab/gpu-memory': '24GB' } }] });
  });

  it('names file, line and field for a bad job', () => {
    const bad = JOBS.replace('"2017-10-03 02:49:30"', '"yesterday"');
    expect(errorOf(() => parseTexts(new PhillyParser(), [{ file: 'log.json', table: 'jobs', text: bad }])).message).toBe('log.json:2: not a time (YYYY-MM-DD HH:MM:SS) (field submitted_time, value "yesterday")');
  });
});

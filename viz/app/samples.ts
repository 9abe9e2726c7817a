/**
 * Sample traces bundled with the app (copied from traces/samples by the build,
 * fetched from the page's own origin), so a simulation needs nothing else. A
 * sample may come with its cluster file (the openb pods run on the openb GPU
 * node list, as `--cluster` gives it to the CLI).
 */
import kth from '../../traces/samples/KTH-SP2-1996-2.1-cln.swf.gz?url';
import sdsc from '../../traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz?url';
import lublin from '../../traces/samples/lublin_256.swf.gz?url';
import openbPods from '../../traces/samples/openb_pod_list_default.csv?url';
import openbNodes from '../../traces/samples/openb_node_list_gpu_node.csv?url';

export interface SampleFile {
  name: string;
  url: string;
}

export interface Sample {
  key: string;
  label: string;
  traces: SampleFile[];
  cluster: SampleFile[];
}

export const SAMPLES: readonly Sample[] = [
  { key: 'kth', label: 'KTH SP2 1996-97 (28,476 jobs, 100 processors)', traces: [{ name: 'KTH-SP2-1996-2.1-cln.swf.gz', url: kth }], cluster: [] },
  { key: 'sdsc', label: 'SDSC SP2 1998, first 4,961 jobs (128 processors)', traces: [{ name: 'SDSC-SP2-1998-conv3-first4961jobs.swf.gz', url: sdsc }], cluster: [] },
  { key: 'lublin', label: 'Lublin-Feitelson model, 256 processors', traces: [{ name: 'lublin_256.swf.gz', url: lublin }], cluster: [] },
  {
    key: 'openb',
    label: 'openb GPU pods (8,152) on the openb GPU node list (1,213 nodes); use a GPU placement and a fill',
    traces: [{ name: 'openb_pod_list_default.csv', url: openbPods }],
    cluster: [{ name: 'openb_node_list_gpu_node.csv', url: openbNodes }],
  },
];

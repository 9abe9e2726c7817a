/**
 * Sample traces bundled with the app (copied from traces/samples by the build,
 * fetched from the page's own origin), so a simulation needs nothing else.
 */
import kth from '../../traces/samples/KTH-SP2-1996-2.1-cln.swf.gz?url';
import sdsc from '../../traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz?url';
import lublin from '../../traces/samples/lublin_256.swf.gz?url';

export interface Sample {
  key: string;
  name: string;
  label: string;
  url: string;
}

export const SAMPLES: readonly Sample[] = [
  { key: 'kth', name: 'KTH-SP2-1996-2.1-cln.swf.gz', label: 'KTH SP2 1996-97 (28,476 jobs, 100 processors)', url: kth },
  { key: 'sdsc', name: 'SDSC-SP2-1998-conv3-first4961jobs.swf.gz', label: 'SDSC SP2 1998, first 4,961 jobs (128 processors)', url: sdsc },
  { key: 'lublin', name: 'lublin_256.swf.gz', label: 'Lublin-Feitelson model, 256 processors', url: lublin },
];

// Worker entry of `clusterlab check-scheduler` run from the sources: registers tsx (a .ts file
// cannot be a worker entry under tsx on Node 20), then runs the worker (conformance-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./conformance-worker.ts');

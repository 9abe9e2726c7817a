// Entry of the worker that runs `clusterlab simulate` with a scheduler module (module-worker-run.ts):
// Node 20 cannot start a worker from a .ts file under tsx (ERR_UNKNOWN_FILE_EXTENSION), so this
// registers tsx in the worker's own thread, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./module-worker.ts');

// Entry of the pool's worker threads. Node 20 cannot start a worker from a .ts
// file under tsx (ERR_UNKNOWN_FILE_EXTENSION), so this registers tsx in the
// worker's own thread, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

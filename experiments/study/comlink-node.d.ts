// comlink ships its Node adapter without a type file for the .mjs path.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  /** Wraps a worker_threads MessagePort or Worker as a comlink endpoint. */
  export default function nodeEndpoint(port: { postMessage(message: unknown): void; on(event: string, listener: (...args: any[]) => void): unknown; off(event: string, listener: (...args: any[]) => void): unknown }): Endpoint;
}

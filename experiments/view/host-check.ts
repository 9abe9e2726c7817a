/**
 * Protection of `clusterlab view` against DNS rebinding: a page on another
 * site can make its own name resolve to 127.0.0.1 and then read this server
 * as same-origin. Such requests carry that site's name in the Host header, so
 * only the addresses this server answers to are accepted: the address it is
 * bound to, and the loopback names (localhost, 127.0.0.1, [::1]), on its port.
 * Bound to every address (0.0.0.0, ::), any IP literal is accepted (a rebinding
 * attack needs a name), and still only localhost among names.
 */
import { isIP } from 'node:net';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

/** `name` and `port` of a Host header (`[::1]:8177` → `[::1]`, `8177`); null when malformed. */
function splitHost(header: string): { name: string; port: string | null } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(header.trim());
  return m ? { name: m[1]!.toLowerCase(), port: m[2] ?? null } : null;
}

export function hostAllowed(header: string | undefined, boundHost: string, port: number): boolean {
  if (!header) return false;
  const h = splitHost(header);
  if (!h) return false;
  if ((h.port ?? '80') !== String(port)) return false;
  if (LOOPBACK.has(h.name)) return true;
  const bound = (boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost).toLowerCase();
  if (h.name === bound) return true;
  const literal = h.name.startsWith('[') ? h.name.slice(1, -1) : h.name;
  return WILDCARD.has(bound) && isIP(literal) !== 0;
}

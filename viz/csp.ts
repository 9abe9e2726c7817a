/**
 * The Content-Security-Policy of the app: scripts, styles, workers and
 * requests from the page's own origin only; no inline scripts or styles;
 * images also from data: and blob: URLs (the node timeline's canvas, PNG
 * export). Sent as a header by `clusterlab view` and written as a meta tag
 * into the static build (without frame-ancestors, which a meta tag cannot carry).
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const CSP_META = CSP_DIRECTIVES.join('; ');
export const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

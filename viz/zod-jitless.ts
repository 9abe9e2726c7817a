/**
 * zod compiles its object parsers with the Function constructor unless told not to, and
 * probes for it when a schema is built. The app's Content-Security-Policy has
 * no 'unsafe-eval', so the probe alone is reported as a CSP violation (the
 * error is caught, the report is not). Every entry of the app imports this
 * module first, before any module that builds a schema (traces, policies,
 * transforms), so zod never tries.
 */
import { config } from 'zod';

config({ jitless: true });

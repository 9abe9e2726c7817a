/**
 * Request arrivals of the Azure LLM inference traces (2023, Splitwise; CSV with
 * header `TIMESTAMP,ContextTokens,GeneratedTokens`, one row per request,
 * timestamps `YYYY-MM-DD HH:MM:SS.fffffff` without a time zone) turned into a
 * request-rate curve: arrivals counted per bucket of `step` seconds from the
 * first request, each bucket a `steps` segment of rate count / step.
 *
 * A small reader of our own until the trace importers (issue 3) land; pure
 * (text in, curve out) so the browser can use it. Errors name the line.
 */
import { InputError } from '../../sim/errors.ts';
import type { RateCurve } from '../rate-curve.ts';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Arrival times in seconds since the first request, in file order (the traces are sorted). */
export function azureArrivals(text: string, file = '<azure trace>'): number[] {
  const lines = text.split(/\r?\n/);
  if (!/^TIMESTAMP,ContextTokens,GeneratedTokens$/.test(lines[0]?.replace(/^\uFEFF/, '') ?? '')) {
    throw new InputError('not an Azure LLM inference trace (expected the header TIMESTAMP,ContextTokens,GeneratedTokens)', { file, line: 1 });
  }
  const times: number[] = [];
  let first = NaN;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const stamp = line.slice(0, line.indexOf(','));
    const m = TIMESTAMP.exec(stamp);
    if (!m) throw new InputError('bad timestamp', { file, line: i + 1, field: 'TIMESTAMP', value: stamp });
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    const t = ms / 1000 + (m[7] ? Number(`0.${m[7]}`) : 0);
    if (Number.isNaN(first)) first = t;
    const rel = t - first;
    if (times.length > 0 && rel < times[times.length - 1]!) {
      throw new InputError('timestamps go back in time', { file, line: i + 1, field: 'TIMESTAMP', value: stamp });
    }
    times.push(rel);
  }
  if (times.length === 0) throw new InputError('no requests in the trace', { file });
  return times;
}

/** Arrivals counted per `step` seconds: a `steps` curve (repeating when `repeat`), rates scaled by `scale`. */
export function arrivalsToCurve(times: readonly number[], step: number, options: { scale?: number; repeat?: boolean } = {}): RateCurve {
  const scale = options.scale ?? 1;
  const buckets = Math.max(1, Math.ceil((times[times.length - 1]! + 1e-9) / step));
  const counts = new Array<number>(buckets).fill(0);
  for (const t of times) counts[Math.min(buckets - 1, Math.floor(t / step))]!++;
  const rates = counts.map((c) => (c * scale) / step);
  return options.repeat ? { kind: 'steps', step, rates, start: 0, period: step * buckets } : { kind: 'steps', step, rates, start: 0 };
}

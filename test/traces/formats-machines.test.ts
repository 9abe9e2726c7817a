/** Which files of a format describe machines is said by the format table itself (read by the study check before any run). */
import { describe, expect, it } from 'vitest';
import { formatSpec, FORMATS } from '../../traces/formats.ts';

describe('machine information on the format table', () => {
  it('names the machine tables of the formats that have them, among the tables of the format', () => {
    expect(formatSpec('philly')!.machineTables).toEqual(['machines']);
    expect(formatSpec('google-2011')!.machineTables).toEqual(['machine_events']);
    expect(formatSpec('azure-vm')!.machineTables).toBeUndefined();
    for (const f of FORMATS) for (const t of f.machineTables ?? []) expect(f.tables).toContain(t);
  });

  it('reads the SWF header: MaxProcs before the first job, none, or a header past the head', () => {
    const swf = formatSpec('swf')!.headHasMachines!;
    expect(swf('; MaxProcs: 100\n1 0 0 10 4\n')).toBe(true);
    expect(swf('; MaxProcs: 0\n1 0 0 10 4\n')).toBe(false);
    expect(swf('; Version: 2\n1 0 0 10 4\n; MaxProcs: 100\n')).toBe(false);
    expect(swf('; Version: 2\n; Computer: x')).toBeNull();
  });

  it('reads the canonical header: a null cluster is no machine', () => {
    const canonical = formatSpec('canonical')!.headHasMachines!;
    expect(canonical('{"format":"clusterlab-workload","cluster":null}\n{}')).toBe(false);
    expect(canonical('{"format":"clusterlab-workload","cluster":{"nodes":[]}}\n')).toBe(true);
  });
});

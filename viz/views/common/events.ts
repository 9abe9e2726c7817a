/** The events of every run, tagged with its variant and id, for annotations. */
import type { ResultsData } from '../../data/model.ts';
import type { EventMark } from './time-chart.ts';

export function eventMarks(data: ResultsData, categories?: readonly string[]): EventMark[] {
  const out: EventMark[] = [];
  for (const run of data.runs) {
    for (const e of run.events ?? []) {
      if (categories && !categories.includes(e.category)) continue;
      out.push({ ...e, variant: run.variant, run: run.id });
    }
  }
  return out;
}

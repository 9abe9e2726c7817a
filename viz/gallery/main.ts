/**
 * The gallery: every view, drawn by the same functions as the app, on a small
 * study simulated in this page (viz/gallery/fixture.ts), with the extended
 * series (replicas, cost, events, reliability metrics) that later models write.
 */
// First: before any module builds a zod schema (see the module).
import '../zod-jitless.ts';
import { loadJobs, loadResults } from '../data/load.ts';
import { memorySource } from '../data/memory-source.ts';
import { renderViews } from '../app/views-panel.ts';
import { readUrlState } from '../app/url-state.ts';
import { SMALL_STUDY, studyFiles } from './fixture.ts';

const status = document.getElementById('status')!;
const views = document.getElementById('views')!;
document.body.dataset.state = 'loading';
status.textContent = 'simulating a small study…';
const files = studyFiles({ ...SMALL_STUDY, extended: true });
const src = memorySource(files);
const data = await loadResults(src);
for (const run of data.runs) run.jobs = await loadJobs(src, run);
const state = readUrlState(location);
const draw = () => renderViews(views, data, state, { onState: () => {}, onRunWanted: draw });
draw();
status.textContent = `${data.runs.length} runs of ${data.variants.length} variants over a grid of ${data.params.join(', ')}`;
document.body.dataset.state = 'ready';

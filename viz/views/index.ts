/** Every view, in the order the app and the gallery show them. */
import { cdfView } from './cdf.ts';
import { forestView } from './forest.ts';
import { ganttView } from './gantt.ts';
import { heatmapView } from './heatmap.ts';
import { queueView } from './queue.ts';
import { reliabilityView } from './reliability.ts';
import { rolloutView } from './rollout.ts';
import { scalingView } from './scaling.ts';
import { stripView } from './strip.ts';
import { utilizationView } from './utilization.ts';
import type { View } from './view.ts';

export { cdfView, forestView, ganttView, heatmapView, queueView, reliabilityView, rolloutView, scalingView, stripView, utilizationView };

export const VIEWS: readonly View<any>[] = [utilizationView, queueView, scalingView, cdfView, stripView, forestView, ganttView, reliabilityView, rolloutView, heatmapView];

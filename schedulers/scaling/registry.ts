/** Service autoscalers by name (`autoscaler: {policy: ..., ...}` on a service). */
import { PolicyRegistry } from '../control/registry.ts';
import { hpa } from './hpa.ts';
import type { ServiceAutoscaler } from './policy.ts';
import { predictive } from './predictive.ts';
import { targetTracking } from './target-tracking.ts';

export const autoscalers = new PolicyRegistry<ServiceAutoscaler>({ kind: 'autoscaler', label: 'autoscaler', chosenBy: 'a service\'s `autoscaler: {policy}`' }).register(hpa).register(targetTracking).register(predictive);

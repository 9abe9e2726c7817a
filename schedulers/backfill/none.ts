import type { BackfillPolicy } from '../types.ts';

/** No backfilling: start jobs in queue order and stop at the first that does not fit. */
export const none: BackfillPolicy = {
  name: 'none',
  run(ctx, ordered, place) {
    for (const job of ordered) {
      const placement = place(job);
      if (!placement) return;
      ctx.start(job, placement);
    }
  },
  // The head did not fit at the last pass and nothing was released since: nothing starts.
  runArrivals() {},
};

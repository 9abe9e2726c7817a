/**
 * 'clusterlab/policy': a queue order of one's own (largest job first) composed
 * with the built-in EASY backfilling and first-fit placement, checked by the
 * conformance suite. Run: npx tsx examples/api-queue-order.ts
 */
import { backfills, checkConformance, createBatchScheduler, lookup, placements, type QueueOrder, type UserSchedulerContext } from 'clusterlab/policy';

/** Most tasks first (smaller key first; ties go to the earlier submit, then input order). */
const largestFirst: QueueOrder = {
  name: 'largest-first',
  dynamic: false,
  key: (job, jobs) => -jobs.tasks[job]!,
};

export default function createScheduler(_context: UserSchedulerContext) {
  return createBatchScheduler({ order: largestFirst, backfill: lookup(backfills, 'easy'), placement: lookup(placements, 'first-fit') });
}

const { passed, report } = checkConformance(createScheduler, 'largest-first+easy');
process.stdout.write(report);
process.exitCode = passed ? 0 : 1;

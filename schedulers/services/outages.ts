/**
 * A service's outages: the maximal intervals during which it has fewer ready
 * replicas than its `minAvailable` (the complement of the time counted as
 * available). The request model is integrated piece by piece over intervals of
 * constant state (ServiceController.account); each piece either extends the
 * current outage or ends it, so adjacent pieces of one outage count once. An
 * outage still going on when the run ends counts, with its length so far.
 *
 * The summary measures follow the reliability literature for a repairable
 * system observed over a time T with N outages of total length D: the outage
 * frequency is N / T, the mean outage (mean down time, MDT) D / N, the mean
 * time between outages T / N (the mean cycle, up time plus down time, the
 * reciprocal of the frequency), and the downtime per year (1 − A) × 525,960
 * minutes (a year of 365.25 days), A = (T − D) / T.
 */

/** Minutes in a year of 365.25 days. */
export const MINUTES_PER_YEAR = 365.25 * 24 * 60;

export class OutageTracker {
  /** Outages begun. */
  count = 0;
  /** Σ outage lengths, s. */
  total = 0;
  /** The longest outage, s. */
  longest = 0;
  private current = -1;

  /** The service held the same state over a piece of `dt` seconds: available, or not. */
  piece(available: boolean, dt: number): void {
    if (available) {
      this.current = -1;
      return;
    }
    if (this.current < 0) {
      this.count++;
      this.current = 0;
    }
    this.current += dt;
    this.total += dt;
    if (this.current > this.longest) this.longest = this.current;
  }
}

/** The summary measures of outages over `time` seconds (mean time between outages null when there was none). */
export function outageSummary(count: number, total: number, longest: number, time: number) {
  return {
    outages: count,
    mean_outage: count > 0 ? total / count : 0,
    max_outage: longest,
    mean_time_between_outages: count > 0 ? time / count : null,
    downtime_minutes_per_year: time > 0 ? (total / time) * MINUTES_PER_YEAR : 0,
  };
}

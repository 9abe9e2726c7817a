/**
 * helper.DefaultNormalizeScore (upstream framework/plugins/helper/normalize_score.go):
 * scales scores to 0..maxPriority by the largest one (integer arithmetic); with
 * `reverse`, higher raw scores become lower. All zero: unchanged, or all
 * maxPriority when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let maxCount = 0;
  for (const s of scores) if (s > maxCount) maxCount = s;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}

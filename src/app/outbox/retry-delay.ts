/**
 * Seconds to wait before attempt `attempts + 1` after a transient refusal: 1 min, 2, 4, 8…
 * capped at 4 h. Greylisting servers (451) usually accept after a few minutes.
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 4 * 3600);
}

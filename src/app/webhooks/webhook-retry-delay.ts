/** After this many failed posts a delivery is given up (`failed`); about a day and a half of tries. */
export const WEBHOOK_MAX_ATTEMPTS = 10;

/**
 * Seconds before attempt `attempts + 1`: 30 s, 1 min, 2, 4… capped at 6 h. Receivers are
 * usually down for a deploy or an incident; doubling reaches them soon without hammering.
 */
export function webhookRetryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

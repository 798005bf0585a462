/**
 * The Retry-After header (RFC 9110, section 10.2.3) as whole seconds: one reading for every service the bot calls
 * (Graph's throttling in graph/, the Bot Connector's in bot/'s outgoing queue). Pure, so both rooms take it from core.
 */

/**
 * Retry-After as whole seconds, rounded UP so that nobody waits less than asked; undefined when absent or
 * unreadable. Graph sends delta-seconds, also fractional (its throttling sample says "2.128"), or an HTTP-date.
 * Numbers are read first: Date.parse("2.5") is a date in 2001.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  // An HTTP-date has a weekday or month name; anything else (e.g. "-1", "1e3", "2.5.1") is not one.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

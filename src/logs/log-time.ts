/**
 * Times as the servers write them. A log time becomes two numbers: the instant (epoch ms, for
 * `--since` and the report) and the server's wall clock in seconds (what nginx's and Apache's
 * error logs write, without a zone), so an access-log line finds its error-log line even when
 * this machine's zone differs from the server's.
 */
export interface LogTime {
  epochMs: number;
  wallSeconds: number;
}

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `10/Oct/2000:13:55:36 -0700`: nginx's $time_local and Apache's %t. */
export function parseClfTime(text: string): LogTime | undefined {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  const month = m ? MONTHS[m[2] as string] : undefined;
  if (!m || month === undefined) return undefined;
  const wallMs = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  return { epochMs: wallMs - offsetMinutes * 60_000, wallSeconds: wallMs / 1000 };
}

/** `2000-10-10T13:55:36-07:00`: nginx's $time_iso8601. */
export function parseIsoTime(text: string): LogTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):?(\d{2}))$/.exec(text);
  if (!m) return undefined;
  const wallMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offsetMinutes = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return { epochMs: wallMs - offsetMinutes * 60_000, wallSeconds: wallMs / 1000 };
}

/** An epoch time carries no zone: the wall clock is this machine's, where the logs are read. */
export function fromEpochMs(epochMs: number): LogTime | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const offsetMinutes = -new Date(epochMs).getTimezoneOffset();
  return { epochMs, wallSeconds: Math.floor(epochMs / 1000) + offsetMinutes * 60 };
}

/** A wall clock the error logs write (no zone), as seconds comparable with `LogTime.wallSeconds`. */
export function wallSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return Date.UTC(year, month, day, hour, minute, second) / 1000;
}

export function monthIndex(name: string): number | undefined {
  return MONTHS[name];
}

/**
 * `--since`: an ISO date or time (`2026-12-06`, `2026-12-06T01:00:00Z`), or a duration back
 * from `now` (`90s`, `15m`, `2h`, `7d`).
 */
export function parseSince(text: string, now: number): number | undefined {
  const duration = /^(\d+)([smhd])$/.exec(text.trim());
  if (duration) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(duration[1]) * unit;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

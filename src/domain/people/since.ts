// `--since` for audit reads: an ISO time, or a duration back from now such as 30m, 24h or 7d.
import { DateTime } from 'luxon';
import { PersonRefused } from './person.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(text: string, now: Date): Date {
  const duration = /^(\d+)([mhd])$/.exec(text.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]]);
  // A full date first: luxon alone would read '24' as the year 24.
  const at = DateTime.fromISO(text.trim(), { setZone: true });
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || !at.isValid) throw new PersonRefused(`--since "${text}" is neither an ISO time (2026-12-04T09:00:00Z) nor a duration (30m, 24h, 7d)`);
  return at.toJSDate();
}

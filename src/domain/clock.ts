// "Now" comes from a clock that is handed in, so SLAs, filing deadlines and statement cycles can
// be tested at any moment. Production uses the system clock; tests use a fixed or movable one.
import { DateTime } from 'luxon';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put until moved (tests). */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set(next) { current = new Date(next); },
    advance(ms) { current = new Date(current.getTime() + ms); },
  };
}

/** The office's calendar date ('YYYY-MM-DD') at the clock's now. */
export function todayIn(clock: Clock, timezone: string): string {
  return DateTime.fromJSDate(clock.now(), { zone: timezone }).toISODate()!;
}

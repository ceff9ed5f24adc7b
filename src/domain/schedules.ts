// The scheduled jobs people can name (config/schedules.ts): finding one by name, and when its cron
// pattern next fires in the office's zone. Pure: the same cron reading BullMQ uses (cron-parser).
import { CronExpressionParser } from 'cron-parser';
import { SCHEDULES, type ScheduleDefinition } from '../../config/schedules.js';
import { InputError } from './input-error.js';

export type ScheduleName = (typeof SCHEDULES)[number]['name'];

export class UnknownScheduleError extends InputError {
  override name = 'UnknownScheduleError';
}

export function scheduleNamed(name: string, schedules: readonly ScheduleDefinition[] = SCHEDULES): ScheduleDefinition {
  const found = schedules.find((s) => s.name === name);
  if (!found) throw new UnknownScheduleError(`no schedule named "${name}"; schedules are ${schedules.map((s) => s.name).join(', ')}`);
  return found;
}

/** The schedules whose jobs run on `queue`. */
export function schedulesOf(queue: string, schedules: readonly ScheduleDefinition[] = SCHEDULES): ScheduleDefinition[] {
  return schedules.filter((s) => s.queue === queue);
}

/** When the pattern next fires after `after`, read in time zone `timezone`. Throws for a pattern cron cannot read. */
export function nextRunOf(pattern: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(pattern, { currentDate: after, tz: timezone }).next().toDate();
}

// The day a scheduled run is for. A job scheduler repeats one payload, so its runs leave `asOf` out
// and mean "today in the office's zone, when the job runs"; a run on demand names its day.
import { todayIn, type Clock } from './clock.js';

export function asOfDate(asOf: string | undefined, clock: Clock, timezone: string): string {
  return asOf ?? todayIn(clock, timezone);
}

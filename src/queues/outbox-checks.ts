// Why the relay cannot deliver an outbox row, if it cannot: the row names a queue or job this
// version's catalogue does not have, carries a delay BullMQ would refuse, or a payload that no
// longer validates (a row written by another version). Such a row is set aside with the reason
// rather than retried for ever, so one bad row never holds up the rows behind it.
import { validatePayload, type Catalog } from './registry.js';

export interface RelayedRow {
  queue: string;
  jobName: string;
  payload: unknown;
  delayMs: number;
}

/** The reason a row cannot be delivered, or undefined when it can. Never quotes the payload. */
export function undeliverableReason(catalog: Catalog, row: RelayedRow): string | undefined {
  if (!Object.hasOwn(catalog, row.queue)) return `unknown queue ${JSON.stringify(row.queue)}`;
  if (!Object.hasOwn(catalog[row.queue], row.jobName)) return `no job ${JSON.stringify(row.jobName)} on queue ${JSON.stringify(row.queue)}`;
  if (!Number.isSafeInteger(row.delayMs) || row.delayMs < 0) return `delay ${row.delayMs} ms is not a whole number of milliseconds of at least 0`;
  try {
    validatePayload(catalog, row.queue, row.jobName as never, row.payload);
  } catch (error) {
    // validatePayload's messages name the job and the keys, never values.
    return (error as Error).message;
  }
  return undefined;
}

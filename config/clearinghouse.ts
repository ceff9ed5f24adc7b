// How claims leave the office: which clearinghouse adapter, batch sizes, our submitter ids,
// and the per-clearinghouse rate limit. The simulator is the default so a fresh install and
// the demo work without a clearinghouse account; an office switches `adapter` to 'file'.

export interface ClearinghouseConfig {
  adapter: 'simulator' | 'file';
  /** Name recorded on each submission and used as the rate-limit key. */
  name: string;
  /** Claims per 837P interchange. */
  batchSize: number;
  /** Most batches one submit job builds before handing the rest to a later job. */
  maxBatchesPerJob: number;
  /** At most `maxBatches` sends per `perMs` to this clearinghouse; excess waits in a delayed job. */
  rateLimit: { maxBatches: number; perMs: number };
  /** How often `rcm claims schedule` has each payer's ready claims submitted. */
  submitEveryMs: number;
  /** ISA15: T (test) until the clearinghouse has certified the office, then P. */
  usage: 'T' | 'P';
  sender: { id: string; name: string; contactName?: string; contactPhone?: string };
  receiver: { id: string; name: string };
  /** file adapter: where outgoing 837P files are written (the SFTP mailbox's outbound folder). */
  file: { outboxDir: string };
  /** simulator: deterministic replies; rates are fractions 0..1. */
  simulator: { seed: number; rejectionRate: number; denialRate: number };
}

export const clearinghouseConfig: ClearinghouseConfig = {
  adapter: 'simulator',
  name: 'simulator',
  batchSize: 500,
  maxBatchesPerJob: 20,
  rateLimit: { maxBatches: 30, perMs: 60_000 },
  submitEveryMs: 15 * 60_000,
  usage: 'T',
  sender: { id: 'RCMOFFICE', name: 'RCM BILLING OFFICE', contactName: 'CLAIMS DESK', contactPhone: '5555550100' },
  receiver: { id: 'CLEARHOUSE', name: 'CLEARINGHOUSE' },
  file: { outboxDir: 'data/outbox/837' },
  simulator: { seed: 837, rejectionRate: 0.05, denialRate: 0.1 },
};

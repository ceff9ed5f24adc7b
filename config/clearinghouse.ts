// How claims leave the office: which clearinghouse adapter, batch sizes, our submitter ids,
// the per-clearinghouse and per-payer rate limits and the circuit breaker. The simulator is the
// default so a fresh install and the demo work without a clearinghouse account; an office
// switches `adapter` to 'file'. Admins override the rate limits in the database (README,
// "Operations: throttles, circuit breaker, pausing queues, health").

/** At most `maxBatches` batches sent in any window of `perMs` milliseconds. */
export interface RateLimit {
  maxBatches: number;
  perMs: number;
}

export interface ClearinghouseConfig {
  adapter: 'simulator' | 'file';
  /** Name recorded on each submission and used as the rate-limit key. */
  name: string;
  /** Claims per 837P interchange. */
  batchSize: number;
  /** Most batches one submit job builds before handing the rest to a later job. */
  maxBatchesPerJob: number;
  /** At most `maxBatches` sends per `perMs` to this clearinghouse, across every worker process. */
  rateLimit: RateLimit;
  /** Limits of single payers (by X12 payer id), on top of the clearinghouse's; none by default. */
  payerRateLimits: Record<string, RateLimit>;
  /**
   * After `failureThreshold` sends in a row fail, stop sending for `coolDownMs`; then one send
   * tries (half-open) and closes the breaker on success. `probeLeaseMs`: how long that one try
   * holds the half-open breaker before another process may try (its process may have died).
   */
  breaker: { failureThreshold: number; coolDownMs: number; probeLeaseMs: number };
  /** How often `rcm claims schedule` has each payer's ready claims submitted. */
  submitEveryMs: number;
  /** ISA15: T (test) until the clearinghouse has certified the office, then P. */
  usage: 'T' | 'P';
  sender: { id: string; name: string; contactName?: string; contactPhone?: string };
  receiver: { id: string; name: string };
  /** file adapter: where outgoing 837P files are written (the SFTP mailbox's outbound folder). */
  file: { outboxDir: string };
  /**
   * simulator: deterministic replies; rates are fractions 0..1. `unavailable`: every send fails as
   * a clearinghouse outage would (to see the circuit breaker work).
   */
  simulator: { seed: number; rejectionRate: number; denialRate: number; unavailable?: boolean };
}

export const clearinghouseConfig: ClearinghouseConfig = {
  adapter: 'simulator',
  name: 'simulator',
  batchSize: 500,
  maxBatchesPerJob: 20,
  rateLimit: { maxBatches: 30, perMs: 60_000 },
  payerRateLimits: {},
  breaker: { failureThreshold: 5, coolDownMs: 60_000, probeLeaseMs: 30_000 },
  submitEveryMs: 15 * 60_000,
  usage: 'T',
  sender: { id: 'RCMOFFICE', name: 'RCM BILLING OFFICE', contactName: 'CLAIMS DESK', contactPhone: '5555550100' },
  receiver: { id: 'CLEARHOUSE', name: 'CLEARINGHOUSE' },
  file: { outboxDir: 'data/outbox/837' },
  simulator: { seed: 837, rejectionRate: 0.05, denialRate: 0.1 },
};

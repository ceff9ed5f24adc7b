// What the repair sweep decides, without I/O: what became of a job (from its outbox row, Redis and
// its durable record), whether a piece of work in flight still has a job that will advance it,
// and what new jobs to give the work that has none. The sweep's services gather the facts.

/** A job's state in Redis: its hash missing, present and not finished, or finished (completed or failed). */
export type RedisJobState = 'missing' | 'live' | 'finished';

/** A job's durable record (job_record): none, only attempts that will be retried, or a final outcome. */
export type JobRecordState = 'none' | 'retrying' | 'finished';

/**
 * What became of a job. `pending`: its outbox row is not relayed yet. `live`: Redis holds it
 * waiting, delayed, active or waiting for children. `finished`: it ran to an end (a failure for
 * good is left to the operator, not retried by the sweep). `lost`: none of these, so nothing will
 * ever advance its work.
 */
export type JobTrace = 'pending' | 'live' | 'finished' | 'lost';

export function jobTrace(facts: { unsent?: boolean; redis: RedisJobState; record: JobRecordState }): JobTrace {
  if (facts.unsent) return 'pending';
  if (facts.redis === 'live') return 'live';
  if (facts.redis === 'finished' || facts.record === 'finished') return 'finished';
  return 'lost';
}

/**
 * Work whose jobs are all lost (or that never had one we can still find, e.g. its outbox row was
 * deleted after its retention) needs a new job. Any job pending, live or finished means no repair.
 */
export function needsNewJob(traces: readonly JobTrace[]): boolean {
  return traces.every((t) => t === 'lost');
}

/**
 * A staged remittance's posting flow needs adding again when its finalize job is lost, or when a
 * chunk not yet posted has lost its job. A failed finalize or chunk is the operator's to replay:
 * re-adding the flow would not run it again anyway (its job id is taken).
 */
export function remittanceNeedsFlow(finalize: JobTrace, unpostedChunks: readonly JobTrace[]): boolean {
  if (finalize === 'finished' || unpostedChunks.includes('finished')) return false;
  return finalize === 'lost' || unpostedChunks.includes('lost');
}

/** A job that scrubs draft claims: a batch (a range of one file's claim ids) or a single claim. */
export type ScrubJobCover =
  | { job: 'scrub-batch'; fileId: number; fromClaimId: number; toClaimId: number; trace: JobTrace }
  | { job: 'scrub'; claimId: number; trace: JobTrace };

/** Whether some scrub job not lost covers this draft claim. */
export function draftIsCovered(claim: { id: number; fileId: number | null }, covers: readonly ScrubJobCover[]): boolean {
  return covers.some((c) => c.trace !== 'lost' && (c.job === 'scrub'
    ? c.claimId === claim.id
    : c.fileId === claim.fileId && claim.id >= c.fromClaimId && claim.id <= c.toClaimId));
}

/**
 * Scrub-batch payloads for one file's uncovered drafts: consecutive runs of at most `maxClaims`
 * ids. A range may span claims that are not drafts; the batch job scrubs only the drafts in it.
 */
export function scrubBatchesFor(fileId: number, claimIds: readonly number[], maxClaims: number): Array<{ fileId: number; fromClaimId: number; toClaimId: number }> {
  const sorted = [...claimIds].sort((a, b) => a - b);
  const batches: Array<{ fileId: number; fromClaimId: number; toClaimId: number }> = [];
  for (let i = 0; i < sorted.length; i += maxClaims) {
    const run = sorted.slice(i, i + maxClaims);
    batches.push({ fileId, fromClaimId: run[0], toClaimId: run[run.length - 1] });
  }
  return batches;
}

/** The job that reads a received file of each kind (src/services/intake.service.ts enqueues the same). */
export function fileJobOf(kind: string): { queue: 'claims' | 'posting'; job: 'import' | 'ack' | 'era' } | undefined {
  switch (kind) {
    case '837P':
    case 'claims-json':
      return { queue: 'claims', job: 'import' };
    case '999':
    case '277CA':
    case 'TA1':
      return { queue: 'claims', job: 'ack' };
    case '835':
      return { queue: 'posting', job: 'era' };
    default:
      return undefined;
  }
}

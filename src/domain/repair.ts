// What the repair sweep decides, without I/O: what became of a job (from its outbox row, Redis and
// its durable record), whether a piece of work in flight still has a job that will advance it,
// and what new jobs to give the work that has none. The sweep's services gather the facts.

/** A job's state in Redis: its hash missing, present and not finished, or finished (completed or failed). */
export type RedisJobState = 'missing' | 'live' | 'finished';

/** A job's durable record (job_record): none, only attempts that will be retried, or a final outcome. */
export type JobRecordState = 'none' | 'retrying' | 'finished';

/**
 * What became of a job. `pending`: its outbox row is not relayed yet. `live`: Redis holds it
 * waiting, delayed, active or waiting for children. `finished`: its final outcome is recorded in
 * Postgres (a failure for good is left to the operator, not retried by the sweep), or Redis saw it
 * finish less than the grace ago (its record is written in a batch soon after). `unrecorded`: Redis
 * saw it finish longer ago than the grace and Postgres has no outcome for it: Postgres was restored
 * from a backup taken before it ran, so what it did is not in Postgres. `lost`: none of these, so
 * nothing will ever advance its work.
 */
export type JobTrace = 'pending' | 'live' | 'finished' | 'unrecorded' | 'lost';

export function jobTrace(facts: {
  unsent?: boolean;
  redis: RedisJobState;
  record: JobRecordState;
  /** How long ago Redis saw it finish (when `redis` is `finished`). */
  finishedMsAgo?: number;
  graceMs: number;
}): JobTrace {
  if (facts.unsent) return 'pending';
  if (facts.redis === 'live') return 'live';
  if (facts.record === 'finished') return 'finished';
  if (facts.redis === 'finished') return (facts.finishedMsAgo ?? 0) < facts.graceMs ? 'finished' : 'unrecorded';
  return 'lost';
}

/** Whether a job will never advance its work again: lost, or its run undone by a restore. */
function gone(trace: JobTrace): boolean {
  return trace === 'lost' || trace === 'unrecorded';
}

/**
 * Work whose jobs are all gone (lost or unrecorded), or that never had one we can still find (e.g.
 * its outbox row was deleted after its retention), needs a new job under a new key: an unrecorded
 * job's id is still taken in Redis. Any job pending, live or finished means no repair.
 */
export function needsNewJob(traces: readonly JobTrace[]): boolean {
  return traces.every(gone);
}

/**
 * What a staged remittance's posting flow needs: nothing; adding again under the same ids (`same-key`:
 * its finalize or a chunk not yet posted is lost, and the ids Redis still holds make the rest
 * no-ops); or adding under a new job key (`new-key`: one of them is unrecorded, and re-adding its
 * id would be a no-op). A failed finalize or chunk on record is the operator's to replay.
 */
export type FlowRepair = 'none' | 'same-key' | 'new-key';

export function remittanceFlowRepair(finalize: JobTrace, unpostedChunks: readonly JobTrace[]): FlowRepair {
  const traces = [finalize, ...unpostedChunks];
  if (traces.includes('finished')) return 'none';
  if (traces.includes('unrecorded')) return 'new-key';
  return finalize === 'lost' || unpostedChunks.includes('lost') ? 'same-key' : 'none';
}

/** A job that scrubs draft claims: a batch (a range of one file's claim ids) or a single claim. */
export type ScrubJobCover =
  | { job: 'scrub-batch'; fileId: number; fromClaimId: number; toClaimId: number; trace: JobTrace }
  | { job: 'scrub'; claimId: number; trace: JobTrace };

/** Whether some scrub job not gone (lost or unrecorded) covers this draft claim. */
export function draftIsCovered(claim: { id: number; fileId: number | null }, covers: readonly ScrubJobCover[]): boolean {
  return covers.some((c) => !gone(c.trace) && (c.job === 'scrub'
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

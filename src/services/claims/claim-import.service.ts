// The `claims.import` job's work: read a stored 837P (or JSON claims) file, match its parties,
// and store its new claims and lines in chunks, with a scrub-batch job per batch of new claims,
// all in the caller's transaction (the worker's readFileOrQuarantine: a bad file leaves nothing
// and is quarantined). An 837P streams from Postgres through the reader, so memory stays bounded
// whatever the file's size. A claim is known by billing provider + payer + CLM01
// (src/domain/claims/claim-identity.ts): the same claim again is a duplicate, another claim under
// a known identity is a conflict, recorded with a claim-conflict task and reported, never dropped
// silently. The same holds between the claims of one file.
import type { EntityManager } from '@mikro-orm/postgresql';
import { claimFingerprint, claimConflictTask, conflictMessage, identityKey, identityOf, identityVerdict, isCurrentFingerprint,
  type ConflictReason, type KnownClaim } from '../../domain/claims/claim-identity.js';
import { readClaimsJson } from '../../domain/claims/claims-json.js';
import type { PayerRulesTable } from '../../domain/claims/scrub/index.js';
import { checkStorable, claimDetail, draftClaimRow, lineRows, type ImportedClaim } from '../../domain/claims/storable-claims.js';
import type { Clock } from '../../domain/clock.js';
import { stream837pClaims } from '../../domain/x12/837p-reader.js';
import { BadInputError } from '../../errors.js';
import { enqueueMany } from '../../queues/producer.js';
import { ClaimsRepository, type ClaimFileRow, type NewClaimConflict } from '../../db/repositories/claims.repository.js';
import { loadFileContent, markFile } from '../edi-intake.service.js';
import { fileContentSlices } from '../../db/repositories/files.repository.js';
import { createFollowUpTasks } from '../tasks.service.js';
import { ClaimPartyMatcher } from './claim-parties.service.js';

/** A claim of the file that was not stored because another claim holds its identity. */
export interface ClaimConflictOutcome {
  position: string;
  controlNumber: string;
  existingClaimId: number;
  reasons: string[];
  message: string;
}

export interface ImportOutcome {
  fileId: number;
  status: 'imported' | 'rejected';
  /** Claims in the file: newClaims + duplicates + conflicts. */
  claims: number;
  newClaims: number;
  duplicates: number;
  conflicts: number;
  /** CLM02 of every claim in the file. */
  chargeCents: number;
  /** The first CONFLICTS_LISTED conflicts, in file order (all of them are claim_conflict rows with a task). */
  conflictClaims: ClaimConflictOutcome[];
  error?: string;
}

export interface ImportOptions {
  payerRules: PayerRulesTable;
  /** The office's time zone and the job's clock, for the priority of claim-conflict tasks. */
  timezone?: string;
  clock?: Clock;
  /** Claims stored per chunk: a handful of statements each, and all the import holds at once. */
  chunkClaims?: number;
  /** New claims per scrub-batch job. */
  scrubBatchClaims?: number;
}

const CHUNK_CLAIMS = 1000;
const SCRUB_BATCH_CLAIMS = 500;
const CONFLICTS_LISTED = 100;

/** A claim as read, with its identity and fingerprint. */
interface ReadClaim extends ImportedClaim {
  /** Its place in the chunk. */
  index: number;
  key: string;
  fingerprint: string;
}

export async function importClaimFile(tx: EntityManager, fileId: number, options: ImportOptions): Promise<ImportOutcome> {
  const claims = new ClaimsRepository(tx);
  const file = await claims.lockClaimFile(fileId);
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.kind !== '837P' && file.kind !== 'claims-json') throw new BadInputError(`file ${fileId} is a ${file.kind}, not a claims file`);
  if (file.status !== 'received') return (await importOutcome(tx, fileId))!;

  const chunkClaims = options.chunkClaims ?? CHUNK_CLAIMS;
  const scrubBatch = options.scrubBatchClaims ?? SCRUB_BATCH_CLAIMS;
  const parties = new ClaimPartyMatcher(tx, fileId, options.payerRules);
  const scrubBatches: Array<{ fileId: number; fromClaimId: number; toClaimId: number }> = [];
  const counts = { claims: 0, newClaims: 0, duplicates: 0, conflicts: 0, chargeCents: 0 };

  const storeChunk = async (chunk: ImportedClaim[]) => {
    const read: ReadClaim[] = chunk.map((c, index) => ({ ...c, index, key: identityKey(identityOf(c.claim)), fingerprint: claimFingerprint(c.claim) }));
    counts.claims += read.length;
    for (const { claim } of read) counts.chargeCents += claim.chargeCents;

    // The first claim of each identity in the chunk is compared with the stored claims, which
    // include those of this file's earlier chunks (same transaction): the import keeps no set of
    // the file's identities. Later ones in the chunk are compared with the claim that holds the
    // identity once the chunk is stored.
    const firsts: ReadClaim[] = [];
    const later: ReadClaim[] = [];
    const firstKeys = new Set<string>();
    for (const c of read) {
      if (firstKeys.has(c.key)) later.push(c);
      else {
        firstKeys.add(c.key);
        firsts.push(c);
      }
    }
    checkStorable(String(fileId), firsts);
    const holders = await knownClaims(claims, firsts);

    const fresh: ReadClaim[] = [];
    const conflicts: Array<{ read: ReadClaim; existingClaimId: number; reasons: ConflictReason[] }> = [];
    const judge = (c: ReadClaim, holder: KnownClaim | undefined) => {
      const verdict = identityVerdict(c.fingerprint, holder);
      if (verdict.kind === 'new') fresh.push(c);
      else if (verdict.kind === 'duplicate') counts.duplicates += 1;
      else conflicts.push({ read: c, existingClaimId: verdict.claimId, reasons: verdict.reasons });
    };
    for (const c of firsts) judge(c, holders.get(c.key));

    const lines = lineRows(String(fileId), fresh);
    const matched = await parties.match(fresh.map((c) => c.claim));
    const ids = await claims.storeDraftClaims(fileId, fresh.map(({ claim, fingerprint }, k) => ({
      k, ...draftClaimRow(claim), fp: fingerprint, payer: matched[k].payerId, provider: matched[k].providerId, patient: matched[k].patientId,
      coverage: matched[k].coverageId, detail: claimDetail(claim),
    })), lines);
    if (ids.size !== fresh.length) {
      // Another import stored one of these identities after we looked: roll back and let the job's
      // retry compare with it, rather than skip the claim.
      throw new Error(`file ${fileId}: ${fresh.length - ids.size} claim identities were stored by a concurrent import; retrying`);
    }
    fresh.forEach((c, k) => holders.set(c.key, { claimId: ids.get(k)!, fingerprint: c.fingerprint }));
    counts.newClaims += fresh.length;
    for (const c of later) judge(c, holders.get(c.key));
    await recordConflicts(conflicts.sort((a, b) => a.read.index - b.read.index)); // in file order

    // Ids of one statement, ascending; a batch names its range, and its file, so it finds exactly these.
    const sorted = [...ids.values()].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i += scrubBatch) {
      scrubBatches.push({ fileId, fromClaimId: sorted[i], toClaimId: sorted[Math.min(i + scrubBatch, sorted.length) - 1] });
    }
  };

  const recordConflicts = async (conflicts: ReadonlyArray<{ read: ReadClaim; existingClaimId: number; reasons: ConflictReason[] }>) => {
    if (conflicts.length === 0) return;
    const rows: NewClaimConflict[] = conflicts.map(({ read, existingClaimId, reasons }) => ({
      position: read.where, controlNumber: read.claim.controlNumber, existingClaimId, reasons, fingerprint: read.fingerprint,
      chargeCents: read.claim.chargeCents,
    }));
    const recorded = await claims.recordConflicts(fileId, rows);
    counts.conflicts += conflicts.length;
    const byPosition = new Map(conflicts.map((c) => [c.read.where, c]));
    await createFollowUpTasks(tx, recorded.map((r) => claimConflictTask({
      conflictId: r.conflictId, claim: byPosition.get(r.position)!.read.claim, reasons: byPosition.get(r.position)!.reasons,
      payerDbId: r.payerDbId, timelyFilingDays: r.timelyFilingDays,
    })), { timezone: options.timezone ?? 'UTC', clock: options.clock });
  };

  // The next chunk is read while Postgres stores the previous one (the file's slices come over
  // another connection), so parsing and inserting share the two cores instead of taking turns.
  // Chunks are still stored one after the other, in file order, so the first of an identity holds it.
  let storing: Promise<void> | undefined;
  const store = async (chunk: ImportedClaim[]) => {
    await storing;
    storing = storeChunk(chunk);
    storing.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled meanwhile
  };
  try {
    let pending: ImportedClaim[] = [];
    for await (const read of readClaimFile(tx, fileId, file)) {
      pending = pending.length === 0 ? read : pending.concat(read);
      while (pending.length >= chunkClaims) await store(pending.splice(0, chunkClaims));
    }
    if (pending.length > 0) await store(pending);
  } finally {
    // Whether the file read to its end or failed, the transaction ends only after the last statement.
    await storing?.catch(() => undefined);
  }
  await storing;

  await enqueueMany(tx, 'claims', 'scrub-batch', scrubBatches);
  await claims.recordImport(fileId, { kind: file.kind, ...counts });
  await markFile(tx, fileId, 'processed');
  return { fileId, status: 'imported', ...counts, conflictClaims: await listedConflicts(claims, fileId) };
}

/**
 * The stored claims holding these claims' identities, by identity key: one statement. A claim
 * stored before fingerprints (or under an older recipe) is read back and fingerprinted with the
 * same function, and its fingerprint stored, so legacy claims are compared like new ones.
 */
async function knownClaims(claims: ClaimsRepository, read: readonly ReadClaim[]): Promise<Map<string, KnownClaim>> {
  const rows = await claims.knownClaims(read.map(({ claim }) => identityOf(claim)));
  const legacy = rows.filter((r) => !isCurrentFingerprint(r.fingerprint)).map((r) => r.claimId);
  const computed = new Map<number, string>();
  if (legacy.length > 0) {
    for (const stored of await claims.loadClaims(legacy)) computed.set(stored.id, claimFingerprint(stored.claim));
    await claims.recordFingerprints([...computed].map(([claimId, fingerprint]) => ({ claimId, fingerprint })));
  }
  const known = new Map<string, KnownClaim>();
  for (const row of rows) {
    // A claim with no billed-party snapshot cannot be read back: nothing matches its fingerprint, so it is a conflict.
    const fingerprint = isCurrentFingerprint(row.fingerprint) ? row.fingerprint : computed.get(row.claimId) ?? 'unreadable';
    known.set(identityKey(row), { claimId: row.claimId, fingerprint });
  }
  return known;
}

async function listedConflicts(claims: ClaimsRepository, fileId: number): Promise<ClaimConflictOutcome[]> {
  return (await claims.conflictsOfFile(fileId, CONFLICTS_LISTED)).map((c) => ({ ...c, message: conflictMessage({ fileId, ...c }) }));
}

/**
 * The file's claims, a few hundred at a time. An 837P streams: slices of the stored bytes, read
 * as latin1 (one byte, one character, so a slice boundary never splits a character), through the
 * streamed tokenizer and the incremental reader. A JSON claims document is read whole (JSON.parse
 * and its schema need all of it); such files come from practice systems in small batches.
 */
async function* readClaimFile(tx: EntityManager, fileId: number, file: ClaimFileRow): AsyncGenerator<ImportedClaim[]> {
  // Errors name the file by its id: they reach the job's failure and logs, the sender's file name must not.
  const named = { file: String(fileId) };
  if (file.kind === 'claims-json') {
    const { content } = await loadFileContent(tx, fileId);
    yield readClaimsJson(content.toString('latin1'), named).map((claim, index) => ({ claim, where: `claims[${index}]` }));
    return;
  }
  for await (const read of stream837pClaims(latin1(fileContentSlices(tx, fileId, file.sizeBytes)), named)) {
    yield read.map(({ claim, source }) => ({ claim, where: `CLM at segment ${source.clmSegmentIndex}` }));
  }
}

async function* latin1(slices: AsyncIterable<Buffer>): AsyncGenerator<string> {
  for await (const slice of slices) yield slice.toString('latin1');
}

export async function importOutcome(em: EntityManager, fileId: number): Promise<ImportOutcome | undefined> {
  const repository = new ClaimsRepository(em);
  const file = await repository.importRecord(fileId);
  if (!file || file.status === 'received' || file.status === 'processing') return undefined;
  const none = { claims: 0, newClaims: 0, duplicates: 0, conflicts: 0, chargeCents: 0, conflictClaims: [] };
  if (file.status === 'quarantined') return { fileId, status: 'rejected', ...none, error: file.error ?? 'rejected' };
  return {
    fileId, status: 'imported', claims: file.claims ?? 0, newClaims: file.newClaims ?? 0, duplicates: file.duplicates ?? 0,
    conflicts: file.conflicts ?? 0, chargeCents: file.chargeCents ?? 0,
    conflictClaims: file.conflicts ? await listedConflicts(repository, fileId) : [],
  };
}

// The `claims.import` job's work: read a stored 837P (or JSON claims) file, match its parties,
// and store its new claims and lines in chunks, with a scrub-batch job per batch of new claims,
// all in the caller's transaction (the worker's readFileOrQuarantine: a bad file leaves nothing
// and is quarantined). An 837P streams from Postgres through the reader, so memory stays bounded
// whatever the file's size. A claim already known by its control number (CLM01) is not imported
// twice; of the same CLM01 twice in one file, the first is imported.
import type { EntityManager } from '@mikro-orm/postgresql';
import { readClaimsJson } from '../../domain/claims/claims-json.js';
import type { PayerRulesTable } from '../../domain/claims/scrub/index.js';
import {
  checkStorable, claimDetail, draftClaimRow, firstOfEachControlNumber, lineRows, type ImportedClaim,
} from '../../domain/claims/storable-claims.js';
import { stream837pClaims } from '../../domain/x12/837p-reader.js';
import { BadInputError } from '../../errors.js';
import { enqueue, enqueueMany } from '../../queues/producer.js';
import { ClaimsRepository, type ClaimFileRow } from '../../db/repositories/claims.repository.js';
import { loadFileContent, markFile } from '../edi-intake.service.js';
import { fileContentSlices } from '../../db/repositories/files.repository.js';
import { ClaimPartyMatcher } from './claim-parties.service.js';

export interface ImportOutcome {
  fileId: number;
  status: 'imported' | 'rejected';
  claims: number;
  newClaims: number;
  chargeCents: number;
  error?: string;
}

export interface ImportOptions {
  payerRules: PayerRulesTable;
  /** Claims stored per chunk: a handful of statements each, and all the import holds at once. */
  chunkClaims?: number;
  /** New claims per scrub-batch job. */
  scrubBatchClaims?: number;
}

const CHUNK_CLAIMS = 1000;
const SCRUB_BATCH_CLAIMS = 500;

export async function importClaimFile(tx: EntityManager, fileId: number, options: ImportOptions): Promise<ImportOutcome> {
  const claims = new ClaimsRepository(tx);
  const file = await claims.lockClaimFile(fileId);
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.kind !== '837P' && file.kind !== 'claims-json') throw new BadInputError(`file ${fileId} is a ${file.kind}, not a claims file`);
  if (file.status !== 'received') return (await importOutcome(tx, fileId))!;

  const chunkClaims = options.chunkClaims ?? CHUNK_CLAIMS;
  const scrubBatch = options.scrubBatchClaims ?? SCRUB_BATCH_CLAIMS;
  const parties = new ClaimPartyMatcher(tx, fileId, options.payerRules);
  const seen = new Set<string>(); // CLM01s of this file: the first of each wins, across chunks
  const scrubBatches: Array<{ fileId: number; fromClaimId: number; toClaimId: number }> = [];
  let distinct = 0;
  let newClaims = 0;
  let chargeCents = 0;

  const storeChunk = async (chunk: ImportedClaim[]) => {
    const fresh = firstOfEachControlNumber(chunk, seen);
    checkStorable(String(fileId), fresh);
    const lines = lineRows(String(fileId), fresh);
    distinct += fresh.length;
    for (const { claim } of fresh) chargeCents += claim.chargeCents;
    const matched = await parties.match(fresh.map((c) => c.claim));
    const ids = await claims.storeDraftClaims(fileId, fresh.map(({ claim }, i) => ({
      ...draftClaimRow(claim), payer: matched[i].payerId, provider: matched[i].providerId, patient: matched[i].patientId,
      coverage: matched[i].coverageId, detail: claimDetail(claim),
    })), lines);
    newClaims += ids.length;
    // Ids of one statement, ascending; a batch names its range, and its file, so it finds exactly these.
    for (let i = 0; i < ids.length; i += scrubBatch) {
      scrubBatches.push({ fileId, fromClaimId: ids[i], toClaimId: ids[Math.min(i + scrubBatch, ids.length) - 1] });
    }
  };

  // The next chunk is read while Postgres stores the previous one (the file's slices come over
  // another connection), so parsing and inserting share the two cores instead of taking turns.
  // Chunks are still stored one after the other, in file order, so the first CLM01 wins.
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
  await claims.recordImport(fileId, { kind: file.kind, claims: distinct, newClaims, chargeCents });
  await markFile(tx, fileId, 'processed');
  return { fileId, status: 'imported', claims: distinct, newClaims, chargeCents };
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
  const file = await new ClaimsRepository(em).importRecord(fileId);
  if (!file || file.status === 'received' || file.status === 'processing') return undefined;
  if (file.status === 'quarantined') return { fileId, status: 'rejected', claims: 0, newClaims: 0, chargeCents: 0, error: file.error ?? 'rejected' };
  return { fileId, status: 'imported', claims: file.claims ?? 0, newClaims: file.newClaims ?? 0, chargeCents: file.chargeCents ?? 0 };
}

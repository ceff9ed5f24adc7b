// Shared set-up for the claims tests: an engine running the real `claims` workers on the
// test's schema and queue prefix, and helpers to feed it files and wait for the outcome.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { receiveAckFile, receiveClaimFile } from '../../../src/services/intake.service.js';
import { importClaimFile, type ImportOptions, type ImportOutcome } from '../../../src/services/claims/claim-import.service.js';
import { readFileOrQuarantine } from '../../../src/services/file-jobs.service.js';
import { sampleClaim } from '../../unit/x12/claim-samples.js';
import { write837p } from '../../../src/domain/x12/837p-writer.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { waitFor, type TestEnv } from '../../support/test-env.js';

export async function startClaimsEngine(env: TestEnv, api = false): Promise<Engine> {
  // With the API: any free port, and an inbox root of the test's own (the API process watches it).
  const config = api
    ? { ...env.config, http: { ...env.config.http, port: 0, host: '127.0.0.1' }, inbox: { root: mkdtempSync(join(tmpdir(), 'rcm-inbox-')), pollMs: 100 } }
    : env.config;
  const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api, workerQueues: ['claims'] });
  env.defer(() => engine.stop(5000));
  return engine;
}

export function fixture(name: string): Buffer {
  return readFileSync(`test/fixtures/x12/${name}`);
}

/** An upstream practice system's 837P batch holding the given claims. */
export function upstream837(claims: Claim[], control = 7001): Buffer {
  return Buffer.from(write837p({
    claims, sender: { id: 'PRACTICE01', name: 'INVENTED PRACTICE' }, receiver: { id: 'RCMOFFICE', name: 'RCM BILLING OFFICE' },
    interchangeControlNumber: control, groupControlNumber: control, transactionControlNumber: control,
    createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0)), usage: 'P',
  }), 'latin1');
}

export async function dropClaimFile(env: TestEnv, engine: Engine | undefined, fileName: string, content: Buffer): Promise<number> {
  const { fileId } = await env.orm.em.fork().transactional((em: EntityManager) => receiveClaimFile(em, { fileName, content }));
  engine?.relay.kick();
  return fileId;
}

export async function dropAckFile(env: TestEnv, engine: Engine | undefined, fileName: string, content: Buffer): Promise<number> {
  const { fileId } = await env.orm.em.fork().transactional((em: EntityManager) => receiveAckFile(em, { fileName, content }));
  engine?.relay.kick();
  return fileId;
}

export async function query<T = Record<string, any>>(env: TestEnv, sql: string, params: unknown[] = []): Promise<T[]> {
  return env.orm.em.fork().getConnection().execute(sql, params);
}

/** Waits until the file is processed or quarantined and none of its claims is still a draft. */
export async function settledFile(env: TestEnv, fileId: number, timeoutMs = 20000): Promise<string> {
  return waitFor(async () => {
    const [row] = await query<{ status: string; drafts: number }>(env,
      `select f.status, (select count(*)::int from claim c where c.source_file_id = f.id and c.status = 'draft') as drafts from edi_file f where f.id = ?`, [fileId]);
    return row && ['processed', 'quarantined', 'duplicate'].includes(row.status) && row.drafts === 0 ? row.status : undefined;
  }, timeoutMs, `file ${fileId} to settle`);
}

export async function statuses(env: TestEnv): Promise<Record<string, string>> {
  const rows = await query<{ control_number: string; status: string }>(env, 'select control_number, status from claim order by id');
  return Object.fromEntries(rows.map((r) => [r.control_number, r.status]));
}

/** A sample claim with dates of service a month before the tests' reference dates: clean when scrubbed. */
export function recentClaim(n: number): Claim {
  const c = sampleClaim(n);
  c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
  return c;
}

/** The import job's work without a worker: in the transaction (and with the quarantine) its handler uses. */
export function importFile(env: TestEnv, fileId: number, options: Partial<ImportOptions> = {}): Promise<ImportOutcome> {
  return readFileOrQuarantine(env.orm.em.fork(), { fileId, fileLabel: 'claims file', timezone: 'UTC' },
    (tx) => importClaimFile(tx, fileId, { payerRules: env.config.payerRules, ...options }));
}

/** The scrub-batch jobs an import wrote to the outbox, in order. */
export async function scrubBatches(env: TestEnv, fileId: number): Promise<Array<{ fileId: number; fromClaimId: number; toClaimId: number }>> {
  const rows = await query<{ payload: { fileId: number; fromClaimId: number; toClaimId: number } }>(env,
    `select payload from outbox where queue = 'claims' and job_name = 'scrub-batch' order by id`);
  return rows.map((r) => r.payload).filter((p) => p.fileId === fileId);
}

// Test helpers for posting: a small office with claims created directly through the entities
// (not through the claims import, which is built separately), and the real posting worker plus
// outbox relay running in this process on the test's schema and prefix.
import type { Worker } from 'bullmq';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Claim, ClaimLine, Coverage, Patient, Payer, Provider } from '../../../src/db/entities/index.js';
import { createRedis } from '../../../src/queues/connection.js';
import { QueueSet } from '../../../src/queues/queue-set.js';
import { JobRecorder } from '../../../src/queues/job-recorder.js';
import { OutboxRelay } from '../../../src/queues/outbox-relay.js';
import { startQueueWorker } from '../../../src/queues/worker-host.js';
import { catalog } from '../../../src/queues/registry.js';
import { postingRegistry } from './posting-registry.js';
import { liveWorkers } from '../../support/live-workers.js';
import { waitFor, type TestEnv } from '../../support/test-env.js';
import { receiveEra } from '../../../src/services/intake.service.js';
import { eraFileSummary, type EraFileSummary } from '../../../src/services/posting/posting-queries.service.js';

export interface LineSpec { lineControlNumber?: string; procedure: string; modifiers?: string[]; chargeCents: number; serviceDate?: string; units?: string }
export interface ClaimSpec { controlNumber: string; chargeCents?: number; serviceDate?: string; lines?: LineSpec[] }

export interface Office { payerId: number; accountId: number; claimIds: Map<string, number> }

/**
 * One payer, provider, guarantor account and patient, and the given claims (invented data). The
 * provider's NPI is the payee NPI (N1*PE) of the 835s the tests post: era-text.ts's by default.
 */
export async function seedOffice(em: EntityManager, claims: ClaimSpec[], payerCode = '1935665544', providerNpi = '1234567893'): Promise<Office> {
  const payer = em.create(Payer, { payerId: payerCode, name: 'INVENTED PAYER', appealDays: 90 });
  const provider = em.create(Provider, { npi: providerNpi, name: 'INVENTED CLINIC' });
  const account = em.create(Account, { accountNumber: `A-${payerCode}` });
  await em.flush();
  const patient = em.create(Patient, { accountId: account.id, lastName: 'INVENTED' });
  await em.flush();
  const coverage = em.create(Coverage, { patientId: patient.id, payerId: payer.id, memberId: 'M0000001' });
  await em.flush();
  const claimIds = new Map<string, number>();
  for (const spec of claims) {
    const lines = spec.lines ?? [];
    const charge = spec.chargeCents ?? lines.reduce((s, l) => s + l.chargeCents, 0);
    const claim = em.create(Claim, {
      controlNumber: spec.controlNumber, payerId: payer.id, providerId: provider.id, patientId: patient.id, coverageId: coverage.id,
      status: 'accepted', placeOfService: '11', serviceDate: spec.serviceDate ?? '2024-01-02', diagnoses: [], chargeCents: charge, balanceCents: charge,
    });
    await em.flush();
    lines.forEach((line, i) => em.create(ClaimLine, {
      claimId: claim.id, lineNumber: i + 1, lineControlNumber: line.lineControlNumber ?? `${spec.controlNumber}-${i + 1}`,
      procedure: line.procedure, modifiers: line.modifiers ?? [], units: line.units ?? '1', chargeCents: line.chargeCents,
      diagnosisPointers: [1], serviceDate: line.serviceDate ?? spec.serviceDate ?? '2024-01-02',
    }));
    await em.flush();
    claimIds.set(spec.controlNumber, claim.id);
  }
  return { payerId: payer.id, accountId: account.id, claimIds };
}

export interface PostingRig { queues: QueueSet<typeof catalog>; worker: Worker; relay: OutboxRelay }

/** The engine's posting worker and an outbox relay, closed after the test. */
export function startPosting(env: TestEnv, overrides: { concurrency?: number; lockDurationMs?: number; stalledIntervalMs?: number } = {}): PostingRig {
  const producer = createRedis(env.config.redis.url, 'producer');
  const connection = createRedis(env.config.redis.url, 'worker');
  const queues = new QueueSet(catalog, producer, env.config.queuePrefix, env.logger);
  const recorder = new JobRecorder(env.orm);
  const relay = new OutboxRelay(env.orm, queues as unknown as QueueSet, env.logger, 50);
  const worker = startQueueWorker({
    queue: 'posting', registry: postingRegistry(), orm: env.orm, recorder, connection, queues: queues as unknown as QueueSet,
    config: env.config, logger: env.logger, ...overrides,
  });
  relay.start();
  const name = `posting worker ${env.config.queuePrefix}`;
  liveWorkers.add(name);
  env.defer(async () => {
    await worker.close();
    await relay.stop();
    await recorder.flush();
    await queues.close();
    connection.disconnect();
    producer.disconnect();
    liveWorkers.delete(name);
  });
  return { queues, worker, relay };
}

/** Receives an 835 as the CLI and API do, and waits until its fate is settled. */
export async function importAndWait(env: TestEnv, rig: PostingRig | undefined, fileName: string, text: string | Buffer, timeoutMs = 20000): Promise<EraFileSummary> {
  const content = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const received = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName, content }));
  rig?.relay.kick();
  if (received.duplicate) return eraFileSummary(env.orm.em.fork(), received.fileId, { file: fileName, asDuplicate: true });
  return waitFor(async () => {
    const summary = await eraFileSummary(env.orm.em.fork(), received.fileId, { file: fileName });
    return ['posted', 'duplicate', 'conflict', 'rejected'].includes(summary.status) ? summary : undefined;
  }, timeoutMs, `file ${fileName} to settle`);
}

export async function ledgerOf(env: TestEnv, where = 'true', params: unknown[] = []): Promise<Array<Record<string, any>>> {
  return env.orm.em.fork().getConnection().execute(
    `select kind, amount_cents::int as cents, claim_id, claim_line_id, account_id, group_code, reason_code, remark_codes, idempotency_key
     from ledger_entry where ${where} order by id`, params,
  );
}

/** The ledger's rows and distinct idempotency keys, and its sums per kind, as the large-file tests check them. */
export async function ledgerTotals(env: TestEnv): Promise<{ rows: number; keys: number; sums: number[] }> {
  const [ledger] = await env.orm.em.fork().getConnection().execute(
    `select count(*)::int as rows, count(distinct idempotency_key)::int as keys,
       sum(amount_cents) filter (where kind = 'payment')::bigint as paid,
       sum(amount_cents) filter (where kind = 'contractual')::bigint as contractual,
       sum(amount_cents) filter (where kind = 'denial')::bigint as denied,
       sum(amount_cents) filter (where kind = 'patient-responsibility')::bigint as patient
     from ledger_entry`);
  return { rows: ledger.rows, keys: ledger.keys, sums: [ledger.paid, ledger.contractual, ledger.denied, ledger.patient].map(Number) };
}

import { expect } from 'chai';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';

describe('rcm CLI', () => {
  const env = useTestEnv();

  it('prints help', async () => {
    const result = await runCli(['--help'], env.childEnv);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('Usage: rcm').and.include('queues').and.include('db');
  });

  it('reports queue counts as JSON', async () => {
    const redis = new Redis(env.config.redis.url);
    const queue = new Queue('posting', { connection: redis, prefix: env.config.queuePrefix });
    await queue.add('era', { fileId: 1 });
    await queue.add('era', { fileId: 2 }, { delay: 60000 });
    await queue.close();
    redis.disconnect();

    const result = await runCli(['queues', 'status', '--json'], env.childEnv);
    expect(result.code, result.stderr).to.equal(0);
    const status = JSON.parse(result.stdout);
    expect(status.prefix).to.equal(env.config.queuePrefix);
    expect(status.queues.map((q: { queue: string }) => q.queue)).to.deep.equal(['claims', 'posting', 'reconciliation', 'collections', 'tasks']);
    expect(status.queues[1]).to.include({ queue: 'posting', waiting: 1, delayed: 1, active: 0, failed: 0 });
  });

  it('prints a table without --json', async () => {
    const result = await runCli(['queues', 'status'], env.childEnv);
    expect(result.code).to.equal(0);
    expect(result.stdout.split('\n')[0]).to.match(/^queue\s+state\s+waiting\s+active/);
  });

  it('migrates a fresh schema, then finds nothing to do', async () => {
    const schema = `${env.config.database.schema}_m`;
    env.defer(() => env.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`));
    const first = await runCli(['db', 'migrate', '--json'], { ...env.childEnv, DATABASE_SCHEMA: schema });
    expect(first.code, first.stderr).to.equal(0);
    expect(JSON.parse(first.stdout).applied).to.deep.equal([
      'migration-20261126164724',
      'migration-20261126180000-claims',
      'migration-20261126190000-posting',
      'migration-20261127090000-posting-chunks',
      'migration-20261204100000-edi-file-parts',
      'migration-20261204111500-claim-file-batches',
      'migration-20261204123000-job-keys',
      'migration-20261204140000-claim-identity',
      'migration-20261204150000-remittance-conflicts',
      'migration-20261204180000-outbox-set-aside',
      'migration-20261204190000-repair-sweep',
      'migration-20261204210000-people',
      'migration-20261204230000-api-tokens',
      'migration-20261204235000-daily-schedules',
      'migration-20261205010000-board-sessions',
      'migration-20261205020000-task-routing',
      'migration-20261205030000-task-outcomes',
      'migration-20261205040000-task-escalation',
      'migration-20261205050000-collections-accounts',
      'migration-20261206010000-retry-policies',
      'migration-20261206020000-throttle-overrides',
      'migration-20261206040000-deposits',
      'migration-20261206050000-books',
      'migration-20261206060000-dunning-cycle',
      'migration-20261206070000-patient-payments',
      'migration-20261206080000-kpi-snapshots',
    ]);
    const tables = await env.orm.em.getConnection().execute(`select table_name from information_schema.tables where table_schema = ? order by table_name`, [schema]);
    // One table a line, in any order: each capability adds its own lines.
    expect(tables.map((r) => r.table_name).sort()).to.deep.equal([
      'account',
      'account_dispute',
      'aging_snapshot',
      'aging_snapshot_row',
      'api_token',
      'audit_event',
      'balance_discrepancy',
      'board_session',
      'carc_override',
      'claim',
      'claim_conflict',
      'claim_detail',
      'claim_edit',
      'claim_event',
      'claim_file_outcome',
      'claim_line',
      'coverage',
      'dead_letter',
      'deposit',
      'edi_file',
      'edi_file_part',
      'fee_schedule',
      'installation',
      'job_record',
      'job_schedule',
      'kpi_snapshot',
      'ledger_entry',
      'mikro_orm_migrations',
      'outbox',
      'patient',
      'patient_payment',
      'payer',
      'payment_plan',
      'payment_plan_installment',
      'provider',
      'remittance',
      'remittance_chunk',
      'remittance_claim',
      'repair_event',
      'repair_sweep',
      'retry_policy_version',
      'specialist',
      'statement',
      'submission',
      'submission_claim',
      'task',
      'task_event',
      'task_note',
      'task_outcome',
      'throttle_override',
    ].sort());
    const second = await runCli(['db', 'migrate', '--json'], { ...env.childEnv, DATABASE_SCHEMA: schema });
    expect(JSON.parse(second.stdout).applied).to.deep.equal([]);
  });

  it('fails with the reason on stderr and a non-zero exit code', async () => {
    const down = await runCli(['queues', 'status', '--json'], { ...env.childEnv, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(down.code).to.equal(1);
    expect(down.stdout).to.equal('');
    expect(down.stderr).to.include('cannot reach Redis at redis://127.0.0.1:1');
    const bad = await runCli(['queues', 'status'], { ...env.childEnv, PORT: 'many' });
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('PORT="many" (must be a whole number)');
  });
});

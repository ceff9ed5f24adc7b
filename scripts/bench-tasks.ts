// `npm run bench:tasks`: 100,000 open tasks and 50 people. Three measurements, printed as JSON:
//  1. assignment: every task offered at once by the assignment service (the `tasks.assign-batch`
//     and rebalance jobs' work), people with room for all of them: assignments per second;
//  2. pull and complete, paced (the target): the tasks back in the pool, each person given a
//     working share (capacity 30) by assignment, then 50 clients, one per person with their own
//     token, each pulling (POST /api/tasks/next), recording an outcome (POST
//     /api/tasks/:id/outcome) and pausing 0.5x to 1.5x of BENCH_THINK_MS (1000) before the next
//     pull, against the API process (`node dist/src/main.js api`), for BENCH_SECONDS: pull
//     latency p50/p95/p99 (own assigned tasks, then tasks claimed from the pool), pulls/s. Each
//     person pulls about once a second, a hundred times a person's pace;
//  3. capacity, back to back: the shares assigned again and the same 50 clients with no pause for
//     BENCH_SATURATION_SECONDS (BENCH_SECONDS; 0 skips it). Every client always has a request
//     waiting, so latency there is queueing (50 clients / requests per second): what it measures is
//     how many pulls and outcomes a second the API process sustains.
// A benchmark: it measures and reports; it asserts nothing. Sizes: BENCH_TASKS, BENCH_PEOPLE,
// BENCH_SHARE (capacity 30), BENCH_SECONDS (measured, after BENCH_WARMUP_SECONDS not counted).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { openBenchEnvironment, peakRssMb } from './bench-support.js';
import { mintToken } from '../src/domain/people/api-token.js';
import { PeopleRepository } from '../src/db/repositories/people.repository.js';
import { TokensRepository } from '../src/db/repositories/tokens.repository.js';
import { TasksRepository, type NewTask } from '../src/db/repositories/tasks.repository.js';
import { sqlRunner } from '../src/db/sql.js';
import { assignOpenTasks } from '../src/services/tasks/task-assignment.service.js';
import { reasonKey } from '../src/domain/tasks/follow-up.js';
import { taskPriority } from '../src/domain/tasks/priority.js';
import { requiredSkillOf } from '../src/domain/tasks/task-types.js';
import { recoverabilityTable, taskPriorityWeights } from '../config/task-priority.js';
import type { TaskType } from '../config/task-types.js';
import { systemClock } from '../src/domain/clock.js';
import { sleep } from '../src/util/time.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
/** Pause after each outcome before the next pull, on average (people take minutes; 0 makes the paced phase back to back too). */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const SATURATION_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? SECONDS);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
/** Each person's capacity in the pull phase: their assigned share; pulls beyond it claim from the pool. */
const WORKING_CAPACITY = Number(process.env.BENCH_SHARE ?? 30);
const say = (line: string) => process.stderr.write(`${line}\n`);

/** Types whose `no-action-needed` outcome only closes the task, so completing needs no claim rows. */
const TYPES: TaskType[] = ['denial', 'underpayment', 'claim-rejection', 'unmatched-remittance', 'claim-status-inquiry', 'filing-deadline'];
const PAYERS = ['87726', '60054', '62308', 'SX065'];
const DENIAL_CODES = [['CO-16'], ['CO-197'], ['CO-4'], ['CO-50'], ['PR-1'], ['CO-29'], ['CO-11'], ['CO-45']];

// Deterministic, so two runs measure the same work.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const bench = await openBenchEnvironment('tasks', { LOG_LEVEL: 'warn' });
const run = sqlRunner(bench.orm.em.fork());
let api: ReturnType<typeof spawn> | undefined;
try {
  const payerIds = await seedPayers();
  const people = await seedPeople();
  say(`seeding ${TASKS} open tasks...`);
  await seedTasks(payerIds);

  // 1. Assignment, with room for everything.
  await run(`update specialist set capacity = ?`, [Math.ceil(TASKS / PEOPLE) + 1]);
  say('assigning every open task...');
  const assignStarted = performance.now();
  const assigned = await assignOpenTasks(bench.orm.em.fork(), 'pool', { clock: systemClock });
  const assignSeconds = (performance.now() - assignStarted) / 1000;
  const assignment = { tasks: TASKS, ...assigned, seconds: round(assignSeconds, 2), assignmentsPerSecond: Math.round(assigned.assigned / assignSeconds) };
  say(`assignment: ${JSON.stringify(assignment)}`);

  // 2. Pull and complete: back to the pool, a working share each, then 50 people at once.
  await giveWorkingShares();
  const port = await freePort();
  // BENCH_API_PROFILE=<dir> writes a V8 CPU profile of the API process there when it exits.
  const profile = process.env.BENCH_API_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`] : [];
  api = spawn(process.execPath, [...profile, 'dist/src/main.js', 'api'], {
    env: { ...process.env, ...bench.env, PORT: String(port), LOG_LEVEL: 'warn', REPAIR_INTERVAL_MS: '0', INBOX_ROOT: `/tmp/bench-tasks-inbox-${bench.suffix}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForApi(base);
  say(`${PEOPLE} people pulling and completing for ${SECONDS} s, pausing about ${THINK_MS} ms after each outcome...`);
  const pull = await pullAndComplete(base, people, THINK_MS, SECONDS);
  say(`pull: ${JSON.stringify(pull)}`);
  // 3. The same people with no pause: what the API process sustains.
  let capacity: Awaited<ReturnType<typeof pullAndComplete>> | null = null;
  if (SATURATION_SECONDS > 0) {
    await giveWorkingShares();
    say(`${PEOPLE} clients pulling and completing back to back for ${SATURATION_SECONDS} s...`);
    capacity = await pullAndComplete(base, people, 0, SATURATION_SECONDS);
    say(`back to back: ${JSON.stringify(capacity)}`);
  }
  const [left] = await run<{ open: number; done: number }>(`select count(*) filter (where status <> 'done')::int as open, count(*) filter (where status = 'done')::int as done from task`);
  process.stdout.write(`${JSON.stringify({
    benchmark: 'tasks', tasks: TASKS, people: PEOPLE, assignment, pull, backToBack: capacity, tasksLeft: left, benchPeakRssMb: peakRssMb(),
    targets: { pullP99Ms: 25, assignmentsPerSecond: 2000, measuredOn: 'pull (paced)' },
  }, null, 2)}\n`);
} finally {
  if (api) {
    api.kill('SIGTERM');
    await new Promise((resolve) => api!.once('exit', resolve));
  }
  await bench.teardown();
}

async function seedPayers(): Promise<number[]> {
  const rows = await run<{ id: number }>(
    `insert into payer (payer_id, name, created_at) select unnest(?::text[]), 'Bench payer ' || unnest(?::text[]), now() returning id`,
    [PAYERS, PAYERS],
  );
  return rows.map((r) => Number(r.id));
}

interface BenchPerson { id: number; login: string; token: string }

/** 50 specialists: every desk covered several times, some certified coders, some seniors, some payers only. */
async function seedPeople(): Promise<BenchPerson[]> {
  const desks = ['denials', 'payment-variance', 'rejections', 'posting', 'follow-up'];
  const people: BenchPerson[] = [];
  const repo = new PeopleRepository(run);
  const tokens = new TokensRepository(run);
  for (let i = 0; i < PEOPLE; i += 1) {
    const login = `bench${String(i).padStart(3, '0')}`;
    const skills = [desks[i % desks.length], desks[(i + 1) % desks.length], desks[(i + 3) % desks.length]];
    const id = await repo.insert({
      login, displayName: `Bench person ${i}`, role: 'specialist', skills, payers: i % 5 === 4 ? [PAYERS[i % PAYERS.length]] : [],
      certifications: i % 3 === 0 ? ['CPC'] : [], level: i % 4 === 0 ? 'senior' : 'mid', capacity: WORKING_CAPACITY, timeZone: 'UTC',
      workingHours: { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] }, supervisorId: null, active: true,
    }, new Date());
    const minted = mintToken();
    await tokens.insert({ publicId: minted.publicId, secretHash: minted.secretHash, personId: id, createdBy: 'bench', expiresAt: null }, new Date());
    people.push({ id, login, token: minted.token });
  }
  return people;
}

async function seedTasks(payerIds: number[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const repo = new TasksRepository(bench.orm.em.fork());
  for (let from = 0; from < TASKS; from += 5000) {
    const batch: NewTask[] = [];
    for (let n = from; n < Math.min(TASKS, from + 5000); n += 1) {
      const type = pick(TYPES);
      const reasonCodes = type === 'denial' || type === 'underpayment' ? pick(DENIAL_CODES) : ['X'];
      const amountAtRiskCents = Math.round(random() * 800_000);
      const deadline = new Date(Date.now() + Math.round(random() * 200) * 86_400_000).toISOString().slice(0, 10);
      const priority = taskPriority({ amountAtRiskCents, deadline, reasonCodes }, today, taskPriorityWeights, recoverabilityTable);
      batch.push({
        type, subjectType: 'claim', subjectId: n + 1, reasonKey: reasonKey(reasonCodes), reasonCodes, amountAtRiskCents, deadline,
        priority: priority.score, priorityParts: { ...priority.parts }, requiredSkills: [requiredSkillOf(type)], payerId: pick(payerIds),
        dueAt: new Date(Date.now() + 8 * 3_600_000),
      });
    }
    await repo.openTasks(batch, 'bench', new Date());
  }
  await run('vacuum analyze task');
}

/** Every task not done back in the pool, then each person assigned their working share. */
async function giveWorkingShares(): Promise<void> {
  await run(`update task set status = 'open', assignee_id = null, lease_expires_at = null where status <> 'done'`);
  await run(`update specialist set capacity = ?, last_task_at = null`, [WORKING_CAPACITY]);
  await run(`vacuum analyze task`);
  const shares = await assignOpenTasks(bench.orm.em.fork(), 'pool', { clock: systemClock });
  say(`working shares assigned: ${shares.assigned}`);
}

async function pullAndComplete(base: string, people: BenchPerson[], thinkMs: number, seconds: number) {
  const latencies: number[] = [];
  const ownLatencies: number[] = [];
  const poolLatencies: number[] = [];
  let pulls = 0;
  let empty = 0;
  let errors = 0;
  const ownLeft = new Map<number, number>();
  for (const row of await run<{ assignee_id: number; n: number }>(`select assignee_id, count(*)::int as n from task where assignee_id is not null group by 1`)) {
    ownLeft.set(Number(row.assignee_id), row.n);
  }
  // The API process has just started: its first requests compile code. Requests in the warm-up
  // run like the others but are not counted.
  const measureFrom = performance.now() + WARMUP_SECONDS * 1000;
  const stopAt = measureFrom + seconds * 1000;
  await Promise.all(people.map(async (person) => {
    const headers = { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' };
    // With a pause, people start at different moments and pause for 0.5x to 1.5x of it, as people
    // do: all 50 in lockstep would measure waves of 50 simultaneous requests instead.
    if (thinkMs > 0) await sleep(random() * thinkMs);
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      const response = await fetch(`${base}/api/tasks/next`, { method: 'POST', headers: { authorization: headers.authorization } });
      const body = await response.json() as { task: { id: number } | null };
      const ms = performance.now() - t0;
      if (!response.ok) {
        errors += 1;
        continue;
      }
      const own = (ownLeft.get(person.id) ?? 0) > 0;
      if (t0 >= measureFrom) {
        pulls += 1;
        latencies.push(ms);
        (own ? ownLatencies : poolLatencies).push(ms);
      }
      if (own) ownLeft.set(person.id, ownLeft.get(person.id)! - 1);
      if (!body.task) {
        if (t0 >= measureFrom) empty += 1;
        await sleep(50);
        continue;
      }
      const done = await fetch(`${base}/api/tasks/${body.task.id}/outcome`, { method: 'POST', headers, body: JSON.stringify({ outcome: 'no-action-needed' }) });
      if (!done.ok) errors += 1;
      await done.arrayBuffer();
      if (thinkMs > 0) await sleep(thinkMs * (0.5 + random()));
    }
  }));
  const measured = (performance.now() - measureFrom) / 1000;
  return {
    warmUpSeconds: WARMUP_SECONDS, seconds: round(measured, 1), thinkMs, pulls, pullsPerSecond: round(pulls / measured, 1), emptyPulls: empty, errors,
    latencyMs: percentiles(latencies), ownAssignedLatencyMs: percentiles(ownLatencies), poolClaimLatencyMs: percentiles(poolLatencies),
  };
}

function percentiles(values: number[]) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 1);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: round(sorted[sorted.length - 1], 1) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForApi(base: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) return;
    await sleep(100);
  }
  throw new Error('the API process did not answer /health within 30 s');
}

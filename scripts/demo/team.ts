// Demo step: people and their work. The claims and posting steps opened tasks, and the tasks
// worker's assign-batch jobs already gave them to the team (office.ts); this step says who holds
// how many and why the rest wait in the pool, then simulated people pull their next task and
// record an outcome through the real services, one task is checked past its due time and
// escalates up the reporting chain, and the figures of `rcm tasks stats` close the step.
import { defaultOfficeCalendar } from '../../config/office-calendar.js';
import { taskRoutingRules } from '../../config/task-routing.js';
import { PeopleRepository } from '../../src/db/repositories/people.repository.js';
import { sqlRunner, type Run } from '../../src/db/sql.js';
import { systemClock } from '../../src/domain/clock.js';
import { formatDollars } from '../../src/domain/money.js';
import type { Person } from '../../src/domain/people/person.js';
import { refusals, type RoutableTask } from '../../src/domain/tasks/eligibility.js';
import { pullNextTask } from '../../src/services/tasks/task-pull.service.js';
import { recordOutcome, type RecordedOutcome } from '../../src/services/tasks/record-outcome.service.js';
import { checkTaskSla } from '../../src/services/tasks/task-sla.service.js';
import { taskStats } from '../../src/services/tasks/task-stats.service.js';
import type { DemoContext } from './context.js';

/**
 * Who pulls, in turn, and the outcomes they would record, first one the task's type allows.
 * Chosen so that each outcome's follow-up shows: a corrected claim is scrubbed again, a denial
 * appealed, a small one written off, one moved to the patient.
 */
export const DEMO_PULLS: ReadonlyArray<{ login: string; outcomes: readonly string[] }> = [
  { login: 'spec.claims', outcomes: ['corrected', 'resubmitted'] },
  { login: 'spec.coder', outcomes: ['appealed'] },
  { login: 'spec.coder', outcomes: ['transferred-to-patient'] },
  { login: 'spec.senior', outcomes: ['written-off'] },
  { login: 'spec.posting', outcomes: ['sent-to-unapplied', 'requested-from-sender'] },
];

export async function demoTeam(ctx: DemoContext): Promise<void> {
  await sayAssignment(ctx);
  for (const turn of DEMO_PULLS) await pullAndFinish(ctx, turn);
  await escalateOne(ctx);
  await sayStats(ctx);
}

async function sayAssignment(ctx: DemoContext): Promise<void> {
  const run = sqlRunner(ctx.orm.em.fork());
  const held = await run<{ login: string; n: number }>(
    `select s.login, count(*)::int as n from task t join specialist s on s.id = t.assignee_id
     where t.status in ('assigned', 'in-progress') group by s.login order by s.login`);
  ctx.say(`assigned by the tasks worker: ${held.map((h) => `${h.login} ${h.n}`).join(', ') || 'none'}`);
  const waiting = await unassignedWhy(run);
  ctx.say(`waiting unassigned: ${waiting.size === 0 ? 'none' : [...waiting].map(([why, n]) => `${n} ${why}`).join('; ')}`);
}

/** Open tasks grouped by type and why nobody may be given them (each assignable person's refusals). */
export async function unassignedWhy(run: Run): Promise<Map<string, number>> {
  const people = (await new PeopleRepository(run).list({ activeOnly: true })).filter((p) => taskRoutingRules.assignedRoles.includes(p.role));
  const tasks = await run<{ id: number; type: string; required_skills: string[]; payer: string | null; reason_codes: string[]; amount_at_risk_cents: string }>(
    `select t.id, t.type, t.required_skills, p.payer_id as payer, t.reason_codes, t.amount_at_risk_cents
     from task t left join payer p on p.id = t.payer_id where t.status = 'open' order by t.type, t.id`);
  const groups = new Map<string, number>();
  const now = systemClock.now();
  for (const row of tasks) {
    const task: RoutableTask = {
      id: row.id, type: row.type, requiredSkills: row.required_skills, payer: row.payer, reasonCodes: row.reason_codes,
      amountAtRiskCents: Number(row.amount_at_risk_cents),
    };
    const skilled = people.filter((p) => task.requiredSkills.every((s) => p.skills.includes(s)));
    // Workload is left out: the demo's people have room, and a full desk is not "nobody eligible".
    const why = skilled.length === 0
      ? `nobody has the skill ${task.requiredSkills.join(', ')}`
      : skilled.map((p) => `${p.login}: ${refusals({ person: p, openTasks: 0, lastTaskAt: null }, task, now, taskRoutingRules, 'assign').join(', ') || 'eligible'}`).join('; ');
    const key = `${row.type} (nobody eligible: ${why}${task.reasonCodes.length ? `; ${task.reasonCodes.join(' ')}` : ''})`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups;
}

async function pullAndFinish(ctx: DemoContext, turn: (typeof DEMO_PULLS)[number]): Promise<void> {
  const person = await findPerson(ctx, turn.login);
  const now = systemClock.now();
  const task = await pullNextTask(ctx.orm.em.fork(), person, { now, leaseMinutes: ctx.config.tasks.leaseMinutes });
  if (!task) {
    ctx.say(`${turn.login} pulled: nothing to do`);
    return;
  }
  const outcome = turn.outcomes.find((o) => task.allowedOutcomes.includes(o)) ?? 'no-action-needed';
  const recorded = await ctx.orm.em.fork().transactional((em) => recordOutcome(em, person, { taskId: task.id, outcome }, {
    clock: systemClock, timezone: ctx.config.timezone, writeOffApprovalCents: ctx.config.outcomes.writeOffApprovalCents,
  }));
  ctx.engine.relay.kick();
  await ctx.settle();
  // By claim, not task id: tasks opened by jobs running side by side get their ids in any order.
  const subject = task.claimControlNumber ? ` on claim ${task.claimControlNumber}` : '';
  ctx.say(`${turn.login} pulled their next task (${task.type}${subject}) and recorded ${outcome} -> ${await caused(ctx, recorded)}`);
}

/** What the outcome set in motion, read back after its jobs ran. */
async function caused(ctx: DemoContext, recorded: RecordedOutcome): Promise<string> {
  const run = sqlRunner(ctx.orm.em.fork());
  const money = recorded.amountCents !== undefined ? formatDollars(recorded.amountCents) : '';
  const claimOf = async (): Promise<{ id: number; status: string; tasks: string } | undefined> => {
    const [claim] = await run<{ id: number; status: string }>('select id, status from claim where control_number = ? order by id desc limit 1', [recorded.task.claimControlNumber]);
    if (!claim) return undefined;
    const open = await run<{ id: number; type: string; assignee: string | null }>(
      `select t.id, t.type, s.login as assignee from task t left join specialist s on s.id = t.assignee_id
       where t.subject_type = 'claim' and t.subject_id = ? and t.status in ('open', 'assigned', 'in-progress') order by t.id`, [claim.id]);
    return { ...claim, tasks: open.map((t) => `${t.type} task for ${t.assignee ?? 'the pool'}`).join(', ') };
  };
  switch (recorded.followUp) {
    case 'correction':
    case 'override':
    case 'resubmission':
    case 'replacement': {
      const claim = await claimOf();
      const again = claim?.tasks ? `; still not clean, a new ${claim.tasks}` : '';
      return `claim ${recorded.newClaimId ? `${recorded.newClaimId} (replacement) ` : ''}scrubbed and sent again: now ${claim?.status ?? 'unknown'}${again}`;
    }
    case 'appeal':
      return 'appeal on file; a follow-up is scheduled for when the payer should have answered (tasks.appeal-follow-up)';
    case 'write-off':
      return recorded.state === 'pending-approval' ? `write-off of ${money} waits for a supervisor's approval` : `${money} written off on the ledger`;
    case 'transfer':
      return `${money} moved to the patient's account (patient responsibility)`;
    case 'secondary':
      return `claim billed to the secondary payer${recorded.newClaimId ? ` as claim ${recorded.newClaimId}` : ''}`;
    default:
      return 'task closed, no further work';
  }
}

/** One task still with someone is checked a minute past its due time (business hours). */
async function escalateOne(ctx: DemoContext): Promise<void> {
  const run = sqlRunner(ctx.orm.em.fork());
  // Claim ids come out the same every run; task ids need not (see pullAndFinish).
  const [task] = await run<{ id: number; type: string; login: string; due_at: Date; claim: string | null }>(
    `select t.id, t.type, s.login, t.due_at, c.control_number as claim from task t join specialist s on s.id = t.assignee_id
     left join claim c on t.subject_type = 'claim' and c.id = t.subject_id
     where t.status = 'assigned' and t.due_at is not null order by t.type, t.subject_type, t.subject_id limit 1`);
  if (!task) {
    ctx.say('escalation: no assigned task to check');
    return;
  }
  const late = new Date(new Date(task.due_at).getTime() + 60_000);
  const calendar = { ...defaultOfficeCalendar, timezone: ctx.config.timezone };
  const result = await ctx.orm.em.fork().transactional((em) => checkTaskSla(em, task.id, late, calendar));
  ctx.engine.relay.kick();
  await ctx.settle();
  const what = result.outcome === 'escalated'
    ? `escalated (level ${result.level}) to ${result.to ?? 'nobody'}${result.nextCheckAt ? '; still open one SLA later, it goes up to the director' : ''}`
    : result.outcome;
  ctx.say(`the ${task.type} task${task.claim ? ` on claim ${task.claim}` : ''} held by ${task.login}, checked a minute past its due time (office business hours): ${what}`);
}

async function sayStats(ctx: DemoContext): Promise<void> {
  const stats = await taskStats(sqlRunner(ctx.orm.em.fork()), { kind: 'all' }, systemClock.now(), ctx.config.timezone);
  const byType = Object.entries(stats.waiting.byType).map(([type, n]) => `${type} ${n.total}`).join(', ');
  ctx.say(`stats: waiting ${stats.waiting.total}${byType ? ` (${byType})` : ''} (rcm tasks stats)`);
  ctx.say(`stats: ${stats.people.map((p) => `${p.login} open ${p.open}, done today ${p.doneToday}`).join('; ')}`);
}

async function findPerson(ctx: DemoContext, login: string): Promise<Person> {
  const person = await new PeopleRepository(sqlRunner(ctx.orm.em.fork())).findByLogin(login);
  if (!person) throw new Error(`the demo's team has no ${login} (office step)`);
  return person;
}

#!/usr/bin/env node
// The `rcm` command: a thin client over the same config, database and queues as the engine.
// It answers at once: the groups below are known by name and description only, and a group's
// module (with the services it calls) is imported only when that group is invoked.
import { Command } from 'commander';

interface CommandGroup {
  name: string;
  description: string;
  load: () => Promise<(group: Command) => void>;
}

const groups: CommandGroup[] = [
  { name: 'db', description: 'database maintenance', load: async () => (await import('./commands/db.js')).registerDbCommands },
  { name: 'queues', description: 'queue operations', load: async () => (await import('./commands/queues.js')).registerQueueCommands },
  { name: 'install', description: "this installation's identity and its queue prefix", load: async () => (await import('./commands/install.js')).registerInstallCommands },
  { name: 'claims', description: 'claims: import, scrub, submit', load: async () => (await import('./commands/claims.js')).registerClaimsCommands },
  { name: 'acks', description: 'clearinghouse acknowledgments (TA1, 999, 277CA)', load: async () => (await import('./commands/acks.js')).registerAckCommands },
  { name: 'era', description: '835 remittance advice (ERA): payment posting', load: async () => (await import('./commands/era.js')).registerEraCommands },
  { name: 'tasks', description: 'follow-up tasks for people', load: async () => (await import('./commands/tasks.js')).registerTaskCommands },
  { name: 'users', description: 'people who work tasks: add, list, update, deactivate (changes --as an admin, audited)', load: async () => (await import('./commands/users.js')).registerUserCommands },
  { name: 'tokens', description: 'API tokens: create, list, revoke (changes --as an admin, audited)', load: async () => (await import('./commands/tokens.js')).registerTokenCommands },
  { name: 'report', description: 'reports: aging of open balances; KPIs per office, team, specialist and payer', load: async () => (await import('./commands/report.js')).registerReportCommands },
  { name: 'statements', description: 'patient statements: show one (and its PDF, audited), render the PDFs waiting', load: async () => (await import('./commands/statements.js')).registerStatementCommands },
  { name: 'audit', description: 'the audit trail: who changed what, when', load: async () => (await import('./commands/audit.js')).registerAuditCommands },
  { name: 'policies', description: 'retry policies per queue and job: list, show, set (--as an admin, audited), history', load: async () => (await import('./commands/policies.js')).registerPolicyCommands },
  { name: 'jobs', description: 'dead letters: jobs that failed for good; replay them (--as an operator or admin, audited)', load: async () => (await import('./commands/jobs.js')).registerJobCommands },
  { name: 'deposits', description: 'bank deposits: import BAI2 or CSV files, list them', load: async () => (await import('./commands/deposits.js')).registerDepositCommands },
  { name: 'schedules', description: 'scheduled reconciliation and collections jobs: list, run one now for a day', load: async () => (await import('./commands/schedules.js')).registerScheduleCommands },
  { name: 'repair', description: 'one repair sweep now: work in flight that lost its job gets a new one', load: async () => (await import('./commands/repair.js')).registerRepairCommands },
  { name: 'payments', description: "patient payments: record one to the ledger (changes --as a specialist or above, audited)", load: async () => (await import('./commands/payments.js')).registerPaymentCommands },
  { name: 'plans', description: 'payment plans: create, show, list, cancel, and the daily review now', load: async () => (await import('./commands/plans.js')).registerPlanCommands },
  { name: 'accounts', description: 'patient accounts: the account explained (audited), disputes', load: async () => (await import('./commands/accounts.js')).registerAccountCommands },
];

const program = new Command();
program
  .name('rcm')
  .description('Revenue-cycle work-queue engine: claims, posting, reconciliation, collections and follow-up tasks')
  .showHelpAfterError();

// The group asked for: the first word that is not an option (`rcm help claims` asks for claims).
const words = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const asked = words[0] === 'help' ? words[1] : words[0];
const invoked = groups.find((g) => g.name === asked);
for (const group of groups) {
  const cmd = program.command(group.name).description(group.description);
  if (group === invoked) (await group.load())(cmd);
}

await program.parseAsync(process.argv);

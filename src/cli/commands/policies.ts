// `rcm policies list|show|set|history`: retry policies per queue and job (README "Operations:
// retry policies and dead letters"). `set` acts --as an active admin (or RCM_USER), needs a
// --reason, and is audited; --dry-run counts the queued jobs the change would reach and changes
// nothing. Refused input (unknown queue or job, invalid values, not an admin) exits 2.
import type { Command } from 'commander';
import type { RetryPolicy } from '../../domain/retry-policy.js';
import { CliError, command, output } from '../context.js';
import { actorOf } from './users.js';

interface SetOptions {
  attempts?: string; backoff?: string; delay?: string; maxDelay?: string; jitter?: string; deadlineMinutes?: string; neverRetry?: string;
  reason?: string; dryRun?: boolean; as?: string; json?: boolean;
}

export function registerPolicyCommands(policies: Command): void {
  policies.command('list').description('every queue and job with the retry policy in force, and where it comes from')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { json?: boolean }) => {
      const [{ listPolicies, knownJobs }, { catalog }] = await Promise.all([import('../../services/operations/retry-policies.service.js'), import('../../queues/registry.js')]);
      const views = await listPolicies(await ctx.reads(), knownJobs(catalog));
      output(opts.json, views, () => views.map((v) => `${v.target.padEnd(28)} ${describe(v.policy)}  (${v.source})`).join('\n'));
    }));

  policies.command('show').argument('<target>', 'a queue (claims) or a job (claims.submit)').description('the retry policy in force for a queue or job')
    .option('--json', 'print JSON')
    .action(command(async (ctx, target: string, opts: { json?: boolean }) => {
      const [{ showPolicy, knownJobs }, { catalog }] = await Promise.all([import('../../services/operations/retry-policies.service.js'), import('../../queues/registry.js')]);
      const view = await refusals(async () => showPolicy(await ctx.reads(), knownJobs(catalog), target));
      output(opts.json, view, () => `${view.target}: ${describe(view.policy)}\nfrom ${view.source}; ${view.versions} version(s) set by admins`);
    }));

  policies.command('history').argument('<target>', 'a queue or a job').description('every version admins set, newest first, with who, when and why')
    .option('--json', 'print JSON')
    .action(command(async (ctx, target: string, opts: { json?: boolean }) => {
      const [{ policyHistory, knownJobs }, { catalog }] = await Promise.all([import('../../services/operations/retry-policies.service.js'), import('../../queues/registry.js')]);
      const versions = await refusals(async () => policyHistory(await ctx.reads(), knownJobs(catalog), target));
      output(opts.json, versions, () => versions.length === 0 ? `${target}: no versions; config/queues.ts is in force`
        : versions.map((v) => `v${v.version}  ${v.changedAt}  ${v.changedBy}: ${describe(v.policy)}\n     why: ${v.reason}`).join('\n'));
    }));

  policies.command('set').argument('<target>', 'a queue (claims) or a job (claims.submit)')
    .description('change a retry policy (only the fields given); it reaches waiting, delayed and retrying jobs within seconds')
    .option('--attempts <n>', 'attempts including the first (1..100)')
    .option('--backoff <type>', 'fixed or exponential')
    .option('--delay <ms>', 'the wait before the first retry (exponential: doubles after each)')
    .option('--max-delay <ms>', 'no wait longer than this; "none" removes the cap')
    .option('--jitter <0..1>', 'each wait drawn from [wait × (1 − jitter), wait]')
    .option('--deadline-minutes <n>', 'no retry starts later than this after the job was first queued; "none" removes it')
    .option('--never-retry <classes>', 'error classes never retried, comma-separated ("" for none)')
    .option('--reason <text>', 'why (required unless --dry-run)')
    .option('--dry-run', 'count the queued jobs the change would reach; change nothing')
    .option('--as <login>', 'the admin making the change (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, target: string, opts: SetOptions) => {
      const [{ setPolicy, knownJobs }, { catalog }] = await Promise.all([import('../../services/operations/retry-policies.service.js'), import('../../queues/registry.js')]);
      const change = {
        attempts: wholeOrUndefined(opts.attempts, '--attempts'), backoffType: opts.backoff, delayMs: wholeOrUndefined(opts.delay, '--delay'),
        maxDelayMs: opts.maxDelay === 'none' ? null : wholeOrUndefined(opts.maxDelay, '--max-delay'),
        jitter: numberOrUndefined(opts.jitter, '--jitter'),
        deadlineMinutes: opts.deadlineMinutes === 'none' ? null : wholeOrUndefined(opts.deadlineMinutes, '--deadline-minutes'),
        neverRetry: opts.neverRetry === undefined ? undefined : opts.neverRetry.split(',').map((s) => s.trim()).filter(Boolean),
      };
      const queues = await ctx.queues();
      const redis = await ctx.boundRedis();
      const result = await refusals(async () => setPolicy({
        orm: await ctx.db(), known: knownJobs(catalog), queue: (name) => queues.get(name as never), redis, prefix: ctx.config.queuePrefix,
        now: () => new Date(),
      }, actorOf(opts), target, change, opts.reason, { dryRun: opts.dryRun }));
      output(opts.json, result, () => {
        const reach = result.affected ? `${result.affected.total} queued job(s): ${result.affected.waiting} waiting, ${result.affected.delayed} delayed, ${result.affected.retrying} waiting for a retry` : 'queued jobs not counted';
        if (result.dryRun) return `dry run, nothing changed\n${result.target}: ${describe(result.before)}\n  would be: ${describe(result.after)}\n  would reach ${reach}`;
        return [`${result.target} v${result.version}: ${describe(result.after)}`, `  reaches ${reach}`,
          result.retimed ? `  ${result.retimed.jobs} retry(ies) re-timed in ${result.retimed.ms} ms` : '', result.notice ?? ''].filter(Boolean).join('\n');
      });
    }));
}

export function describe(p: RetryPolicy): string {
  const b = p.backoff;
  return [`${p.attempts} attempts`, `${b.type} ${b.delayMs} ms`, b.maxDelayMs !== null ? `max ${b.maxDelayMs} ms` : '', b.jitter ? `jitter ${b.jitter}` : '',
    p.deadlineMinutes !== null ? `deadline ${p.deadlineMinutes} min` : '', p.neverRetry.length ? `never retry ${p.neverRetry.join(',')}` : '']
    .filter(Boolean).join(', ');
}

function wholeOrUndefined(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw new CliError(`${flag} must be a whole number (got "${text}"); nothing changed`, 2);
  return Number(text);
}

function numberOrUndefined(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag} must be a number (got "${text}"); nothing changed`, 2);
  return value;
}

/** The services' refusals (RequestRefused: unknown target, invalid value, not allowed) exit 2. */
export async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as Error).name === 'RequestRefused') throw new CliError((error as Error).message, 2);
    throw error;
  }
}

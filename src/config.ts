// Loads and validates configuration once: config/ defaults, overlaid with an optional office
// file (RCM_CONFIG_FILE: clearinghouse, payer rules, CARC actions), overlaid with the environment.
// A bad value stops the program with one message listing every bad key and why.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { environmentDefaults } from '../config/defaults.js';
import { clearinghouseConfig, type ClearinghouseConfig } from '../config/clearinghouse.js';
import { PAYER_RULES, type PayerRules, type PayerRulesTable } from '../config/payer-rules.js';
import { CARC_ACTIONS, defaultCarcTable, type CarcAction, type CarcRule, type CarcTable } from '../config/carc-actions.js';
import { defaultDunningConfig } from '../config/dunning.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function urlWithProtocol(protocols: string[]) {
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
}

function integerIn(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const environmentSchema = z.object({
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier'),
  REDIS_URL: urlWithProtocol(['redis:', 'rediss:']),
  PORT: integerIn(0, 65535),
  HOST: z.string().min(1, 'must not be empty'),
  HTTP_BODY_LIMIT_BYTES: integerIn(1024, 1024 * 1024 * 1024),
  HTTP_UPLOAD_LIMIT_BYTES: integerIn(1024, 16 * 1024 * 1024 * 1024),
  BOARD_SESSION_HOURS: integerIn(1, 168),
  METRICS_BIND: z.string().regex(/^$|^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/, 'must be host:port, e.g. 127.0.0.1:9464 (or empty)')
    .refine((value) => value === '' || Number(value.slice(value.lastIndexOf(':') + 1)) <= 65535, 'port must be 0-65535 (0: any free port)'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]{1,64}$/, 'must be 1-64 letters, digits, _ . - or {} (for a Redis Cluster hash tag)'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
  TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago'),
  SHUTDOWN_TIMEOUT_MS: integerIn(0, 600000),
  OUTBOX_POLL_MS: integerIn(10, 60000),
  // At least a day: the repair sweep looks for recently sent rows whose job Redis has lost.
  OUTBOX_RETENTION_HOURS: integerIn(24, 87600),
  READY_OUTBOX_LAG_SECONDS: integerIn(1, 86400),
  INSTALLATION_CHECK_MS: integerIn(100, 600000),
  INBOX_ROOT: z.string().min(1, 'must not be empty'),
  INBOX_POLL_MS: integerIn(100, 3600000),
  REPAIR_INTERVAL_MS: integerIn(0, 86400000),
  REPAIR_GRACE_MS: integerIn(0, 86400000),
  TASKS_REPRIORITIZE_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM such as 02:00'),
  TASK_WRITE_OFF_APPROVAL_CENTS: integerIn(0, 100000000000),
  TASK_LEASE_MINUTES: integerIn(1, 7 * 24 * 60),
  TASKS_REBALANCE_EVERY_MS: integerIn(1000, 86400000),
  RCM_CONFIG_FILE: z.string(),
  CLEARINGHOUSE_ADAPTER: z.enum(['', 'simulator', 'file'], { error: 'must be simulator or file' }),
  CLEARINGHOUSE_USAGE: z.enum(['', 'T', 'P'], { error: 'must be T (test) or P (production)' }),
  CLEARINGHOUSE_OUTBOX_DIR: z.string(),
  AGENCY_EXPORT_DIR: z.string(),
});

// What an RCM_CONFIG_FILE may say. Every object is strict, so a misspelt key is reported rather
// than silently ignored; everything is optional and goes over the defaults in config/.
const count = (min = 1) => z.number().int().min(min);
const rate = z.number().min(0).max(1);
const party = z.strictObject({ id: z.string().min(1).max(15), name: z.string().min(1).max(60) });

const clearinghouseSchema = z.strictObject({
  adapter: z.enum(['simulator', 'file']),
  name: z.string().min(1).max(40),
  batchSize: count(),
  maxBatchesPerJob: count(),
  rateLimit: z.strictObject({ maxBatches: count(), perMs: count() }),
  payerRateLimits: z.record(z.string().regex(/^[A-Za-z0-9]{1,80}$/, 'must be an X12 payer id'), z.strictObject({ maxBatches: count(), perMs: count() })),
  breaker: z.strictObject({ failureThreshold: count(), coolDownMs: count(), probeLeaseMs: count(1000) }),
  submitEveryMs: count(60_000),
  usage: z.enum(['T', 'P']),
  sender: party.extend({ contactName: z.string().max(60).optional(), contactPhone: z.string().regex(/^\d{10}$/, 'must be 10 digits').optional() }),
  receiver: party,
  file: z.strictObject({ outboxDir: z.string().min(1) }),
  simulator: z.strictObject({ seed: z.number().int(), rejectionRate: rate, denialRate: rate, unavailable: z.boolean().optional() }),
}) satisfies z.ZodType<ClearinghouseConfig>;

const payerRulesSchema = z.strictObject({
  timelyFilingDays: count(),
  closeDeadlineWarningDays: count(0),
  maxLinesPerClaim: count().max(50),
  refusedModifiers: z.array(z.string().regex(/^[A-Z0-9]{2}$/, 'must be a two-character modifier')),
  modifierRequirements: z.array(z.strictObject({
    procedures: z.array(z.string().regex(/^[A-Z0-9]{5}$/, 'must be a CPT/HCPCS code')).min(1),
    anyOf: z.array(z.string().regex(/^[A-Z0-9]{2}$/, 'must be a two-character modifier')).min(1),
    reason: z.string().min(1).max(120),
  })),
}) satisfies z.ZodType<PayerRules>;

const carcRuleSchema = z.strictObject({
  action: z.enum(CARC_ACTIONS as [CarcAction, ...CarcAction[]]),
  recoverability: rate,
  description: z.string().min(1).max(120),
}) satisfies z.ZodType<CarcRule>;

const officeFileSchema = z.strictObject({
  clearinghouse: clearinghouseSchema.partial().extend({
    rateLimit: clearinghouseSchema.shape.rateLimit.partial().optional(),
    breaker: clearinghouseSchema.shape.breaker.partial().optional(),
    sender: clearinghouseSchema.shape.sender.partial().optional(),
    receiver: party.partial().optional(),
    file: clearinghouseSchema.shape.file.partial().optional(),
    simulator: clearinghouseSchema.shape.simulator.partial().optional(),
  }).optional(),
  payerRules: z.strictObject({
    default: payerRulesSchema.partial().optional(),
    byPayerId: z.record(z.string().regex(/^[A-Za-z0-9]{1,80}$/, 'must be an X12 payer id'), payerRulesSchema.partial()).optional(),
  }).optional(),
  carcActions: z.strictObject({
    rules: z.record(z.string().regex(/^(CO|OA|PI|PR)-[A-Z0-9]{1,5}$/, 'must be GROUP-REASON, e.g. CO-45'), carcRuleSchema).optional(),
    groupDefaults: z.strictObject({ CO: carcRuleSchema, OA: carcRuleSchema, PI: carcRuleSchema, PR: carcRuleSchema }).partial().optional(),
    unpaidServiceDefaults: z.strictObject({ CO: carcRuleSchema, OA: carcRuleSchema, PI: carcRuleSchema, PR: carcRuleSchema }).partial().optional(),
  }).optional(),
});

type OfficeFile = z.infer<typeof officeFileSchema>;

export interface AppConfig {
  readonly database: { readonly url: string; readonly schema: string };
  readonly redis: { readonly url: string };
  readonly http: {
    readonly port: number;
    readonly host: string;
    /** Largest JSON body a route reads (413 above it). */
    readonly bodyLimitBytes: number;
    /** Largest EDI upload (src/http/upload.ts; 413 above it). */
    readonly uploadLimitBytes: number;
    /** How long a queue-board sign-in lasts (src/http/board-sign-in.ts). */
    readonly boardSessionHours: number;
  };
  /** GET /metrics also served without a token on this address (METRICS_BIND), or not. */
  readonly metrics: { readonly bind: { readonly host: string; readonly port: number } | null };
  readonly queuePrefix: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly timezone: string;
  readonly shutdownTimeoutMs: number;
  readonly outboxPollMs: number;
  /** Hours a sent outbox row is kept before the relay deletes it. */
  readonly outboxRetentionHours: number;
  /** /health/ready answers 503 when the oldest job waiting in the outbox is older than this. */
  readonly readyOutboxLagSeconds: number;
  /** How often a running process re-reads the queue prefix's binding (src/queues/installation-binding.ts). */
  readonly installationCheckMs: number;
  /** Folders where clearinghouse mailboxes and practice systems drop files (837/, 835/, acks/). */
  readonly inbox: { readonly root: string; readonly pollMs: number };
  /** The repair sweep (src/services/repair/): its period (0 = at start only) and grace for young work. */
  readonly repair: { readonly intervalMs: number; readonly graceMs: number };
  /** Daily recompute of open tasks' priorities, at this time of day (HH:MM) in `timezone`. */
  readonly tasks: {
    readonly reprioritizeAt: string;
    /** Minutes a pulled task's lease lasts (renewed by POST /api/tasks/:id/lease). */
    readonly leaseMinutes: number;
    /** Period of the rebalance (unassigned tasks offered again, expired leases returned to the pool). */
    readonly rebalanceEveryMs: number;
  };
  /** Outcomes of tasks: a write-off above `writeOffApprovalCents` waits for a supervisor's approval. */
  readonly outcomes: { readonly writeOffApprovalCents: number };
  /** How claims leave the office (config/clearinghouse.ts). */
  readonly clearinghouse: ClearinghouseConfig;
  /** Payer-specific claim edits (config/payer-rules.ts). */
  readonly payerRules: PayerRulesTable;
  /** Default meaning of each CARC (config/carc-actions.ts); admin overrides from the database go over it. */
  readonly carcDefaults: CarcTable;
  /** Patient collections: where agency referral files go (AGENCY_EXPORT_DIR, else config/dunning.ts). */
  readonly collections: { readonly agencyExportDir: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * Reads the environment (process.env by default); unset or empty keys take their defaults.
 * RCM_CONFIG_FILE names a JSON file whose `clearinghouse`, `payerRules` and `carcActions` are
 * merged over config/; CLEARINGHOUSE_* variables go over both. Every problem, in the environment
 * or in the file, is reported in one ConfigError.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const merged: Record<string, string> = { ...environmentDefaults };
  for (const key of Object.keys(environmentDefaults)) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = environmentSchema.safeParse(merged);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]);
    return `${key}=${JSON.stringify(redactSecret(key, merged[key]))} (${issue.message})`;
  });
  const office = merged.RCM_CONFIG_FILE ? readOfficeFile(merged.RCM_CONFIG_FILE, problems) : {};
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const clearinghouse = mergeClearinghouse(office.clearinghouse, {
    ...(e.CLEARINGHOUSE_ADAPTER ? { adapter: e.CLEARINGHOUSE_ADAPTER } : {}),
    ...(e.CLEARINGHOUSE_USAGE ? { usage: e.CLEARINGHOUSE_USAGE } : {}),
    ...(e.CLEARINGHOUSE_OUTBOX_DIR ? { file: { outboxDir: e.CLEARINGHOUSE_OUTBOX_DIR } } : {}),
  });
  return deepFreeze({
    database: { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA },
    redis: { url: e.REDIS_URL },
    http: { port: e.PORT, host: e.HOST, bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES, uploadLimitBytes: e.HTTP_UPLOAD_LIMIT_BYTES, boardSessionHours: e.BOARD_SESSION_HOURS },
    metrics: { bind: e.METRICS_BIND ? hostAndPort(e.METRICS_BIND) : null },
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    timezone: e.TIMEZONE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxRetentionHours: e.OUTBOX_RETENTION_HOURS,
    readyOutboxLagSeconds: e.READY_OUTBOX_LAG_SECONDS,
    installationCheckMs: e.INSTALLATION_CHECK_MS,
    inbox: { root: e.INBOX_ROOT, pollMs: e.INBOX_POLL_MS },
    repair: { intervalMs: e.REPAIR_INTERVAL_MS, graceMs: e.REPAIR_GRACE_MS },
    tasks: { reprioritizeAt: e.TASKS_REPRIORITIZE_AT, leaseMinutes: e.TASK_LEASE_MINUTES, rebalanceEveryMs: e.TASKS_REBALANCE_EVERY_MS },
    outcomes: { writeOffApprovalCents: e.TASK_WRITE_OFF_APPROVAL_CENTS },
    clearinghouse,
    payerRules: mergePayerRules(office.payerRules),
    carcDefaults: mergeCarcTable(office.carcActions),
    collections: { agencyExportDir: e.AGENCY_EXPORT_DIR || defaultDunningConfig.agencyExportDir },
  });
}

function hostAndPort(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  return { host: value.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(colon + 1)) };
}

/** Reads and validates the office file; problems are added to `problems`, named by their path. */
function readOfficeFile(path: string, problems: string[]): OfficeFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ? 'cannot read the file' : 'not valid JSON';
    problems.push(`RCM_CONFIG_FILE=${JSON.stringify(path)} (${why})`);
    return {};
  }
  const parsed = officeFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    problems.push(`RCM_CONFIG_FILE ${path}: ${where} (${issue.message})`);
  }
  return {};
}

function mergeClearinghouse(...layers: Array<OfficeFile['clearinghouse'] | undefined>): ClearinghouseConfig {
  let result: ClearinghouseConfig = structuredClone(clearinghouseConfig);
  for (const layer of layers) {
    if (!layer) continue;
    result = {
      ...result, ...layer,
      rateLimit: { ...result.rateLimit, ...layer.rateLimit },
      payerRateLimits: { ...result.payerRateLimits, ...layer.payerRateLimits },
      breaker: { ...result.breaker, ...layer.breaker },
      sender: { ...result.sender, ...layer.sender },
      receiver: { ...result.receiver, ...layer.receiver },
      file: { ...result.file, ...layer.file },
      simulator: { ...result.simulator, ...layer.simulator },
    };
  }
  return result;
}

/** A payer named in the file keeps its config/ entries unless the file names the same keys. */
function mergePayerRules(layer: OfficeFile['payerRules']): PayerRulesTable {
  const base = structuredClone(PAYER_RULES);
  const byPayerId: Record<string, Partial<PayerRules>> = { ...base.byPayerId };
  for (const [payerId, rules] of Object.entries(layer?.byPayerId ?? {})) byPayerId[payerId] = { ...byPayerId[payerId], ...rules };
  return { default: { ...base.default, ...layer?.default }, byPayerId };
}

function mergeCarcTable(layer: OfficeFile['carcActions']): CarcTable {
  const base = structuredClone(defaultCarcTable);
  return {
    rules: { ...base.rules, ...layer?.rules }, groupDefaults: { ...base.groupDefaults, ...layer?.groupDefaults },
    unpaidServiceDefaults: { ...base.unpaidServiceDefaults, ...layer?.unpaidServiceDefaults },
  };
}

/** Passwords in connection URLs never reach an error message. */
function redactSecret(key: string, value: string | undefined): string | undefined {
  if (!value || !key.endsWith('_URL')) return value;
  return value.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}

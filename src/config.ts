// Loads and validates configuration once: config/ defaults overlaid with the environment.
// A bad value stops the program with one message listing every bad key and why.
import { z } from 'zod';
import { environmentDefaults } from '../config/defaults.js';
import { clearinghouseConfig, type ClearinghouseConfig } from '../config/clearinghouse.js';
import { PAYER_RULES, type PayerRulesTable } from '../config/payer-rules.js';
import { defaultCarcTable } from '../config/carc-actions.js';
import type { CarcTable } from './domain/remittance/carc.js';

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
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]{1,64}$/, 'must be 1-64 letters, digits, _ . - or {} (for a Redis Cluster hash tag)'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
  TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago'),
  SHUTDOWN_TIMEOUT_MS: integerIn(0, 600000),
  OUTBOX_POLL_MS: integerIn(10, 60000),
  INBOX_ROOT: z.string().min(1, 'must not be empty'),
  INBOX_POLL_MS: integerIn(100, 3600000),
});

export interface AppConfig {
  readonly database: { readonly url: string; readonly schema: string };
  readonly redis: { readonly url: string };
  readonly http: { readonly port: number; readonly host: string };
  readonly queuePrefix: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly timezone: string;
  readonly shutdownTimeoutMs: number;
  readonly outboxPollMs: number;
  /** Folders where clearinghouse mailboxes and practice systems drop files (837/, 835/, acks/). */
  readonly inbox: { readonly root: string; readonly pollMs: number };
  /** How claims leave the office (config/clearinghouse.ts). */
  readonly clearinghouse: ClearinghouseConfig;
  /** Payer-specific claim edits (config/payer-rules.ts). */
  readonly payerRules: PayerRulesTable;
  /** Default meaning of each CARC (config/carc-actions.ts); admin overrides from the database go over it. */
  readonly carcDefaults: CarcTable;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Reads the environment (process.env by default); unset or empty keys take their defaults. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const merged: Record<string, string> = { ...environmentDefaults };
  for (const key of Object.keys(environmentDefaults)) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = environmentSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `${key}=${JSON.stringify(redactSecret(key, merged[key]))} (${issue.message})`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return deepFreeze({
    database: { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA },
    redis: { url: e.REDIS_URL },
    http: { port: e.PORT, host: e.HOST },
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    timezone: e.TIMEZONE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    outboxPollMs: e.OUTBOX_POLL_MS,
    inbox: { root: e.INBOX_ROOT, pollMs: e.INBOX_POLL_MS },
    clearinghouse: structuredClone(clearinghouseConfig),
    payerRules: structuredClone(PAYER_RULES),
    carcDefaults: structuredClone(defaultCarcTable),
  });
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

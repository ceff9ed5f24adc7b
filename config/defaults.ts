// Defaults for everything an office can set through the environment. src/config.ts validates
// the merged result once; nothing else reads process.env.

export const environmentDefaults = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rcm',
  DATABASE_SCHEMA: 'public',
  REDIS_URL: 'redis://127.0.0.1:6379',
  PORT: '3000',
  HOST: '127.0.0.1',
  QUEUE_PREFIX: 'rcm',
  LOG_LEVEL: 'info',
  TIMEZONE: 'America/New_York',
  SHUTDOWN_TIMEOUT_MS: '30000',
  OUTBOX_POLL_MS: '250',
  /** Sent outbox rows are kept this long (the repair sweep compares recent ones with Redis), then deleted. */
  OUTBOX_RETENTION_HOURS: '168',
  /** How often a running process checks that the queue prefix is still bound to its installation. */
  INSTALLATION_CHECK_MS: '5000',
  INBOX_ROOT: 'data/inbox',
  INBOX_POLL_MS: '2000',
  /** Optional JSON file whose `clearinghouse`, `payerRules` and `carcActions` go over config/. */
  RCM_CONFIG_FILE: '',
  /** The values an office changes most, over config/clearinghouse.ts (and over RCM_CONFIG_FILE). */
  CLEARINGHOUSE_ADAPTER: '',
  CLEARINGHOUSE_USAGE: '',
  CLEARINGHOUSE_OUTBOX_DIR: '',
} as const;

export type EnvironmentKey = keyof typeof environmentDefaults;

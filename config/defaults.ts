// Defaults for everything an office can set through the environment. src/config.ts validates
// the merged result once; nothing else reads process.env.

export const environmentDefaults = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rcm',
  DATABASE_SCHEMA: 'public',
  REDIS_URL: 'redis://127.0.0.1:6379',
  PORT: '3000',
  HOST: '127.0.0.1',
  /** Largest JSON (or other parsed) request body the API reads, in bytes. */
  HTTP_BODY_LIMIT_BYTES: '1048576',
  /** Largest EDI file the API takes as an upload (streamed into Postgres), in bytes: 256 MB. */
  HTTP_UPLOAD_LIMIT_BYTES: '268435456',
  /** Hours a queue-board sign-in lasts (the session cookie); a working day. */
  BOARD_SESSION_HOURS: '8',
  /**
   * host:port where the API process also serves GET /metrics without a token (e.g. 127.0.0.1:9464,
   * for a Prometheus on the same host or network); empty: /metrics only on the API port, with a token.
   */
  METRICS_BIND: '',
  QUEUE_PREFIX: 'rcm',
  LOG_LEVEL: 'info',
  TIMEZONE: 'America/New_York',
  SHUTDOWN_TIMEOUT_MS: '30000',
  OUTBOX_POLL_MS: '250',
  /** Sent outbox rows are kept this long (the repair sweep compares recent ones with Redis), then deleted. */
  OUTBOX_RETENTION_HOURS: '168',
  /** /health/ready is not ready while the oldest job waiting in the outbox is older than this. */
  READY_OUTBOX_LAG_SECONDS: '60',
  /** How often a running process checks that the queue prefix is still bound to its installation. */
  INSTALLATION_CHECK_MS: '5000',
  INBOX_ROOT: 'data/inbox',
  INBOX_POLL_MS: '2000',
  /** How often the repair sweep compares Postgres's work in flight with Redis (0: only at start). */
  REPAIR_INTERVAL_MS: '300000',
  /** Work younger than this is left to the relay and the jobs that are adding it, not repaired. */
  REPAIR_GRACE_MS: '60000',
  /** Time of day (HH:MM, in TIMEZONE) at which open tasks' priorities are recomputed. */
  TASKS_REPRIORITIZE_AT: '02:00',
  /** A write-off outcome above this many cents waits for a supervisor's approval (README, "Tasks: outcomes"). */
  TASK_WRITE_OFF_APPROVAL_CENTS: '50000',
  /** How long a pulled task stays with the person before it returns to the pool, unless renewed. */
  TASK_LEASE_MINUTES: '30',
  /** How often unassigned tasks are offered again and expired leases returned to the pool. */
  TASKS_REBALANCE_EVERY_MS: '60000',
  /** Optional JSON file whose `clearinghouse`, `payerRules` and `carcActions` go over config/. */
  RCM_CONFIG_FILE: '',
  /** The values an office changes most, over config/clearinghouse.ts (and over RCM_CONFIG_FILE). */
  CLEARINGHOUSE_ADAPTER: '',
  CLEARINGHOUSE_USAGE: '',
  CLEARINGHOUSE_OUTBOX_DIR: '',
  /**
   * Folder the statement cycle writes each day's agency referral CSV to (patient data: keep it on
   * this disk, readable by the engine's user only); empty: config/dunning.ts `agencyExportDir`.
   */
  AGENCY_EXPORT_DIR: '',
} as const;

export type EnvironmentKey = keyof typeof environmentDefaults;

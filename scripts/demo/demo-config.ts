// Where the demo runs: apart from the office. Its own database (`<office database>_demo`) and its
// own queue prefix (`<office prefix>-demo`), both reset at every start, and always the simulated
// clearinghouse; its agency referral files go to a folder of its own (data/demo/agency).
// DEMO_DATABASE_URL, DEMO_QUEUE_PREFIX and DEMO_AGENCY_EXPORT_DIR choose others; the office's
// database, prefix and agency folder are refused, because the demo drops what it runs on and
// writes invented patients' referrals.
import { resolve } from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config.js';

/** Where the demo's agency referral files go (DEMO_AGENCY_EXPORT_DIR chooses another). */
export const DEMO_AGENCY_EXPORT_DIR = 'data/demo/agency';

export interface DemoSettings {
  /** The demo's configuration: the office's, with the demo's database, prefix and clearinghouse. */
  config: AppConfig;
  /** The office's database URL and queue prefix, which the demo never touches. */
  office: { databaseUrl: string; queuePrefix: string };
}

export class DemoSettingsError extends Error {
  override name = 'DemoSettingsError';
}

/** Reads the office's environment (process.env by default) and derives the demo's from it. */
export function demoSettings(env: Record<string, string | undefined> = process.env): DemoSettings {
  const office = loadConfig(env);
  const databaseUrl = env.DEMO_DATABASE_URL || withDatabaseName(office.database.url, `${databaseName(office.database.url)}_demo`);
  const queuePrefix = env.DEMO_QUEUE_PREFIX || `${office.queuePrefix}-demo`;
  if (!URL.canParse(databaseUrl)) throw new DemoSettingsError(`DEMO_DATABASE_URL=${JSON.stringify(databaseUrl)} (must be a postgres:// URL)`);
  // By name alone, whatever the host is called: refusing a same-named database elsewhere is cheap.
  if (databaseName(databaseUrl) === databaseName(office.database.url)) {
    throw new DemoSettingsError(`the demo resets its database: DEMO_DATABASE_URL must not name the office's database (${databaseName(office.database.url)})`);
  }
  if (queuePrefix === office.queuePrefix) {
    throw new DemoSettingsError(`the demo resets its queues: DEMO_QUEUE_PREFIX must not be the office's prefix (${office.queuePrefix})`);
  }
  const config = loadConfig({
    ...env,
    DATABASE_URL: databaseUrl,
    // A database of its own: the office's schema setting has no meaning there.
    DATABASE_SCHEMA: 'public',
    QUEUE_PREFIX: queuePrefix,
    // Never the office's mailbox: the demo's claims go to the simulator, which answers them.
    CLEARINGHOUSE_ADAPTER: 'simulator',
    // Never the office's agency folder: the demo's (invented) referrals stay in a folder of its own.
    AGENCY_EXPORT_DIR: env.DEMO_AGENCY_EXPORT_DIR || DEMO_AGENCY_EXPORT_DIR,
  });
  if (resolve(config.collections.agencyExportDir) === resolve(office.collections.agencyExportDir)) {
    throw new DemoSettingsError(`the demo writes agency referrals: DEMO_AGENCY_EXPORT_DIR must not be the office's agency folder (${office.collections.agencyExportDir})`);
  }
  return { config, office: { databaseUrl: office.database.url, queuePrefix: office.queuePrefix } };
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function withDatabaseName(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(name)}`;
  return next.toString();
}

/** The URL as it may be printed: a password replaced by `***`. */
export function printableUrl(url: string): string {
  const printable = new URL(url);
  if (printable.password) printable.password = '***';
  return printable.toString();
}

// Structured logs (pino). Log lines carry ids, counts and timings, never patient data.
import { pino, type Logger } from 'pino';
import type { AppConfig } from './config.js';

export type { Logger };

/** `toStderr`: for scripts whose standard output is their own report (the demo's narration). */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, bindings: Record<string, unknown> = {}, options: { toStderr?: boolean } = {}): Logger {
  const settings = { level: config.logLevel, base: { pid: process.pid, ...bindings } };
  return options.toStderr ? pino(settings, pino.destination(2)) : pino(settings);
}

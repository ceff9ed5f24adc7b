// Structured logs (pino). Log lines carry ids, counts and timings, never patient data. As a second
// line of defence, pino replaces the values of fields named like patient data (PHI_LOG_FIELDS) at
// any depth up to PHI_REDACT_DEPTH, whoever logged them: a careless `log.info({ patient })` shows
// `"patient":"[redacted]"`. Only field names are matched; text inside a message is the writer's
// responsibility (errors go through describeError, src/errors.ts).
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config.js';

export type { Logger };

/** Field names whose values are never written to a log, in both spellings the code base uses. */
export const PHI_LOG_FIELDS = [
  'patient', 'patientName', 'patient_name', 'subscriber', 'subscriberName', 'guarantor',
  'firstName', 'first_name', 'lastName', 'last_name', 'middleName', 'middle_name', 'fullName',
  'birthDate', 'birth_date', 'dateOfBirth', 'dob',
  'memberId', 'member_id', 'subscriberId', 'subscriber_id', 'groupNumber', 'group_number',
  'ssn', 'socialSecurityNumber',
  'address', 'address1', 'address2', 'street', 'postalCode', 'zip', 'phone', 'email',
  'diagnoses', 'diagnosis', 'diagnosisCodes', 'diagnosis_codes', 'icd10',
] as const;

/** Levels below the top at which the fields above are found (pino's paths take `*` for one level each). */
export const PHI_REDACT_DEPTH = 5;

export const REDACTED = '[redacted]';

/** pino redact paths: each field at the top level and under up to PHI_REDACT_DEPTH levels of anything (arrays included). */
export function phiRedactPaths(): string[] {
  const paths: string[] = [];
  for (const field of PHI_LOG_FIELDS) {
    for (let depth = 0; depth <= PHI_REDACT_DEPTH; depth++) paths.push([...Array<string>(depth).fill('*'), field].join('.'));
  }
  return paths;
}

export interface LoggerOptions {
  /** For scripts whose standard output is their own report (the demo's narration). */
  toStderr?: boolean;
  /** Where the lines go instead (tests that read what was logged). */
  destination?: DestinationStream;
}

export function createLogger(config: Pick<AppConfig, 'logLevel'>, bindings: Record<string, unknown> = {}, options: LoggerOptions = {}): Logger {
  const settings = { level: config.logLevel, base: { pid: process.pid, ...bindings }, redact: { paths: phiRedactPaths(), censor: REDACTED } };
  if (options.destination) return pino(settings, options.destination);
  return options.toStderr ? pino(settings, pino.destination(2)) : pino(settings);
}

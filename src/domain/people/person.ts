// The people who work tasks, in the office's words: who they are, what they may work and when.
// Everything here is checked before anything is written, so a refused change changes nothing.
import { RcmError } from '../../errors.js';

export const PERSON_ROLES = ['specialist', 'supervisor', 'director', 'admin', 'operator'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const PERSON_LEVELS = ['entry', 'mid', 'senior'] as const;
export type PersonLevel = (typeof PERSON_LEVELS)[number];

/** Weekdays as luxon numbers them (Monday 1 ... Sunday 7), so shift checks need no mapping. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface WorkingHours {
  start: string; // HH:MM, local to the person's time zone
  end: string;
  days: number[]; // 1 = Monday ... 7 = Sunday
}

/** A person as the office sees them; `supervisor` is the supervisor's login. */
export interface Person {
  id: number;
  login: string;
  displayName: string;
  role: PersonRole;
  skills: string[];
  payers: string[]; // X12 payer ids; empty = all payers
  certifications: string[];
  level: PersonLevel;
  capacity: number;
  timeZone: string;
  workingHours: WorkingHours;
  supervisor: string | null;
  active: boolean;
}

/** A change refused because of what was asked: nothing was written. */
export class PersonRefused extends RcmError {
  override name = 'PersonRefused';
  /** The person or token the change is about does not exist (the API answers 404, not 400). */
  readonly unknown: boolean;
  constructor(message: string, options: { unknown?: boolean } = {}) {
    super(message);
    this.unknown = options.unknown ?? false;
  }
}

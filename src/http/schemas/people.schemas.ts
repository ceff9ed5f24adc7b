// JSON Schemas of the admin API for people and tokens (src/http/routes/people.ts). Range and
// vocabulary checks (capacity below zero, time zones, working hours, skills) are the people
// service's, so its messages reach the client; these schemas give types and shapes.
import { PERSON_LEVELS, PERSON_ROLES } from '../../domain/people/person.js';

const stringList = (description: string) => ({ type: 'array', items: { type: 'string' }, description });

export const PERSON_SCHEMA = {
  type: 'object',
  required: ['id', 'login', 'displayName', 'role', 'skills', 'payers', 'certifications', 'level', 'capacity', 'timeZone', 'workingHours', 'supervisor', 'active'],
  properties: {
    id: { type: 'integer' },
    login: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: [...PERSON_ROLES] },
    skills: stringList('task types or desk skills they work'),
    payers: stringList('X12 payer ids they cover; empty = all'),
    certifications: stringList('e.g. CPC, CBCS, CCS'),
    level: { type: 'string', enum: [...PERSON_LEVELS] },
    capacity: { type: 'integer', description: 'open tasks at most' },
    timeZone: { type: 'string' },
    workingHours: {
      type: 'object',
      required: ['start', 'end', 'days'],
      properties: {
        start: { type: 'string', description: 'HH:MM in their time zone' },
        end: { type: 'string' },
        days: { type: 'array', items: { type: 'integer' }, description: '1 = Monday ... 7 = Sunday' },
      },
    },
    supervisor: { type: ['string', 'null'], description: "the supervisor's login" },
    active: { type: 'boolean' },
  },
} as const;

export const PERSON_CHANGE_SCHEMA = {
  type: 'object',
  required: ['person', 'action', 'changed'],
  properties: {
    person: PERSON_SCHEMA,
    action: { type: 'string', enum: ['user.add', 'user.update', 'user.deactivate'] },
    changed: stringList('the fields that changed (empty: nothing changed)'),
  },
} as const;

/** The fields an admin may set; all optional on update. */
const PERSON_FIELDS = {
  displayName: { type: 'string' },
  role: { type: 'string', description: PERSON_ROLES.join(', ') },
  skills: stringList('task types or desk skills (config/task-types.ts)'),
  payers: stringList('X12 payer ids; empty = all payers'),
  certifications: stringList('e.g. CPC, CBCS, CCS'),
  level: { type: 'string', description: PERSON_LEVELS.join(', ') },
  capacity: { type: 'integer', description: 'open tasks at most, 0 or more' },
  timeZone: { type: 'string', description: 'an IANA zone such as America/Chicago' },
  hours: { type: 'string', description: 'working hours in their time zone, e.g. 08:00-17:00' },
  days: { type: 'string', description: 'working days, e.g. mon-fri or mon,wed,fri' },
  supervisor: { type: ['string', 'null'], description: 'login of who they report to; null removes the supervisor (update)' },
} as const;

export const NEW_PERSON_SCHEMA = {
  type: 'object',
  required: ['login', 'displayName'],
  additionalProperties: false,
  properties: { login: { type: 'string' }, ...PERSON_FIELDS },
} as const;

export const PERSON_UPDATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { ...PERSON_FIELDS, active: { type: 'boolean', description: 'false deactivates, true makes active again' } },
} as const;

export const LOGIN_PARAMS = { type: 'object', required: ['login'], properties: { login: { type: 'string' } } } as const;

export const TOKEN_LISTING_SCHEMA = {
  type: 'object',
  required: ['id', 'login', 'createdBy', 'createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt'],
  properties: {
    id: { type: 'string', description: 'the public id, the <id> in rcm_<id>_<secret>' },
    login: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const CREATED_TOKEN_SCHEMA = {
  type: 'object',
  required: ['token', 'id', 'login', 'expiresAt'],
  properties: {
    token: { type: 'string', description: 'the whole token, shown this once (only its hash is kept)' },
    id: { type: 'string' },
    login: { type: 'string' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

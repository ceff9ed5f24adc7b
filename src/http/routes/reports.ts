// Reports: GET /api/reports/aging?asOf=YYYY-MM-DD, the office day's aging snapshot (taken first when
// the day has none; src/services/reconciliation/aging.service.ts). Open balances per payer and for
// patients, no patient data: for the people who oversee the money (supervisors, directors, admins).
import type { FastifyInstance } from 'fastify';
import { BadInputError } from '../../errors.js';
import { isCalendarDate } from '../../domain/calendar-date.js';
import { asOfDate } from '../../domain/as-of.js';
import { agingReport } from '../../services/reconciliation/aging.service.js';
import type { RouteDeps } from './index.js';

const tags = ['reports'];
const REPORT_READERS = { roles: ['supervisor', 'director', 'admin'] } as const;

const BUCKETS = {
  type: 'object', required: ['0-30', '31-60', '61-90', '91-120', 'over-120'],
  properties: Object.fromEntries(['0-30', '31-60', '61-90', '91-120', 'over-120'].map((b) => [b, { type: 'integer' }])),
} as const;
const LINE = { buckets: BUCKETS, totalCents: { type: 'integer' }, creditCents: { type: 'integer' } } as const;

const AGING_REPORT_SCHEMA = {
  type: 'object',
  required: ['asOf', 'basis', 'takenAt', 'taken', 'buckets', 'insurance', 'patient', 'totals'],
  properties: {
    asOf: { type: 'string', format: 'date' },
    basis: { type: 'string', enum: ['service-date', 'first-bill-date'] },
    takenAt: { type: 'string', format: 'date-time' },
    taken: { type: 'boolean', description: 'true when this read took the snapshot (the day had none)' },
    buckets: { type: 'array', items: { type: 'string' } },
    insurance: {
      type: 'object',
      properties: {
        payers: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              payerId: { type: 'integer' }, payer: { type: 'string' }, name: { type: 'string' }, claims: { type: 'integer' }, creditClaims: { type: 'integer' }, ...LINE,
            },
          },
        },
        totals: { type: 'object', properties: { claims: { type: 'integer' }, creditClaims: { type: 'integer' }, ...LINE } },
      },
    },
    patient: { type: 'object', properties: { accounts: { type: 'integer' }, creditAccounts: { type: 'integer' }, ...LINE } },
    totals: { type: 'object', properties: LINE },
  },
} as const;

export async function reportRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get<{ Querystring: { asOf?: string } }>('/api/reports/aging', {
    config: REPORT_READERS,
    schema: {
      summary: 'Open balances by age (0-30, 31-60, 61-90, 91-120, over 120 days) per payer and for patients, as of an office day (default today)',
      tags,
      querystring: { type: 'object', additionalProperties: false, properties: { asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } } },
      response: { 200: AGING_REPORT_SCHEMA },
    },
  }, async (request) => {
    const given = request.query.asOf;
    if (given !== undefined && !isCalendarDate(given)) throw new BadInputError(`asOf "${given}" is not a calendar date (YYYY-MM-DD)`);
    const asOf = asOfDate(given, deps.clock, deps.config.timezone);
    return deps.orm.em.fork().transactional((tx) => agingReport(tx, { asOf, timezone: deps.config.timezone, now: deps.clock.now() }));
  });
}

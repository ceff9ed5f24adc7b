// GET /api/kpis: the KPIs of docs/kpis.md for a period, within the caller's role: a specialist
// their own figures, a supervisor their team's, a director and an admin the office's. Thin: the
// service checks the request and the scope (400 bad input, 403 outside the scope, 404 unknown person).
import type { FastifyInstance } from 'fastify';
import { defaultOfficeCalendar } from '../../../config/office-calendar.js';
import { sqlRunner } from '../../db/sql.js';
import { KPI_BREAKDOWNS } from '../../domain/kpis/kpi-request.js';
import { KPI_SOURCES, kpiReport, type KpiReadRequest } from '../../services/kpis/kpi-report.service.js';
import { signedIn } from '../auth.js';
import type { RouteDeps } from './index.js';

const ERROR = { type: 'object', properties: { error: { type: 'string' } }, additionalProperties: true } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const KPI_REPORT_SCHEMA = {
  type: 'object',
  required: ['period', 'by', 'source', 'rows'],
  properties: {
    period: {
      type: 'object',
      properties: { from: { type: 'string' }, to: { type: 'string' }, days: { type: 'integer' }, businessDays: { type: 'integer' } },
    },
    by: { type: 'string', enum: [...KPI_BREAKDOWNS] },
    source: { type: 'string', enum: ['live', 'snapshots'] },
    daysWithoutSnapshot: { type: 'array', items: { type: 'string' } },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          scope: { type: 'string' }, id: { type: ['integer', 'null'] }, name: { type: ['string', 'null'] },
          claims: { type: 'object', additionalProperties: true },
          people: { type: 'object', additionalProperties: true },
        },
      },
    },
  },
} as const;

export async function kpiRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get<{ Querystring: KpiReadRequest }>('/api/kpis', {
    config: { roles: ['specialist', 'supervisor', 'director', 'admin'] },
    schema: {
      summary: 'KPIs for a period (every rate with its numerator and denominator): specialists their own, supervisors their team\'s, directors and admins the office\'s',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          from: DATE, to: DATE,
          by: { type: 'string', enum: [...KPI_BREAKDOWNS] },
          specialist: { type: 'string', minLength: 1, maxLength: 60 },
          team: { type: 'string', minLength: 1, maxLength: 60 },
          source: { type: 'string', enum: [...KPI_SOURCES] },
        },
      },
      response: { 200: KPI_REPORT_SCHEMA, 400: ERROR, 403: ERROR, 404: ERROR, 422: ERROR },
    },
  }, async (request) => {
    const calendar = { ...defaultOfficeCalendar, timezone: deps.config.timezone };
    return kpiReport(sqlRunner(deps.orm.em.fork()), signedIn(request), request.query, { calendar, now: deps.clock.now() });
  });
}

// Patient accounts over the API, for the people who talk to patients: the account explained
// (summary, audited on every read), payments received, payment plans, and disputes. The services
// run in one transaction each; refusals answer 400 (bad input), 404 (no such account), 409 (a
// conflict: second live plan, reused payment reference, open dispute) or 422.
import type { FastifyInstance } from 'fastify';
import { signedIn } from '../auth.js';
import { DISPUTE_RESOLVER_ROLES, PATIENT_DESK_ROLES } from '../../services/collections/patient-account-refs.js';
import { PAYMENT_METHODS } from '../../domain/collections/patient-payment.js';
import { PLAN_INTERVALS, type PlanInterval, type PlannedInstallment } from '../../domain/collections/payment-plan-schedule.js';
import { paymentAmountCents } from '../../domain/collections/patient-payment.js';
import { accountSummary } from '../../services/collections/account-summary.service.js';
import { postPatientPayment } from '../../services/collections/patient-payment.service.js';
import { cancelPaymentPlan, createPaymentPlan, plansOfAccount } from '../../services/collections/payment-plan.service.js';
import { DISPUTE_REASON_MAX_LENGTH, openDispute, resolveDispute } from '../../services/collections/account-dispute.service.js';
import type { RouteDeps } from './index.js';

const PATIENT_DESK = PATIENT_DESK_ROLES;
const SUPERVISORS = DISPUTE_RESOLVER_ROLES;

const ID_PARAMS = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const AMOUNT = { type: 'string', pattern: '^\\d{1,10}(\\.\\d{1,2})?$', description: 'dollars and cents as text, e.g. "25.00"' } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const INSTALLMENT = {
  type: 'object', additionalProperties: false,
  properties: { id: { type: 'integer' }, sequence: { type: 'integer' }, dueDate: { type: 'string' }, amountCents: { type: 'integer' }, paidCents: { type: 'integer' }, status: { type: 'string' } },
} as const;
const PLAN = {
  type: 'object', additionalProperties: false,
  properties: {
    id: { type: 'integer' }, accountId: { type: 'integer' }, status: { type: 'string', enum: ['current', 'missed', 'completed', 'cancelled'] },
    totalCents: { type: 'integer' }, createdBy: { type: ['string', 'null'] }, createdAt: { type: 'string' }, installments: { type: 'array', items: INSTALLMENT },
  },
} as const;
const DISPUTE = {
  type: 'object', additionalProperties: false,
  properties: {
    id: { type: 'integer' }, accountId: { type: 'integer' }, status: { type: 'string', enum: ['open', 'resolved'] }, taskId: { type: ['integer', 'null'] },
    openedBy: { type: ['string', 'null'] }, openedAt: { type: 'string' }, resolvedAt: { type: ['string', 'null'] },
  },
} as const;

export async function accountRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const options = () => ({ clock: deps.clock, timezone: deps.config.timezone });
  const actorOf = (request: Parameters<typeof signedIn>[0]) => {
    const person = signedIn(request);
    return { id: person.id, login: person.login };
  };

  app.get('/api/accounts/:id/summary', {
    config: { roles: PATIENT_DESK },
    schema: {
      summary: "The account explained for the patient: charges, what each payer paid and adjusted and why, what is owed, statements, payments, plan and ways to pay (audited)",
      params: ID_PARAMS,
      response: {
        200: {
          type: 'object', required: ['account', 'claims', 'statements', 'payments', 'plan', 'disputes', 'paymentOptions'],
          properties: {
            account: ANY_OBJECT, claims: { type: 'array', items: ANY_OBJECT }, statements: { type: 'array', items: ANY_OBJECT },
            payments: { type: 'array', items: ANY_OBJECT }, plan: { anyOf: [PLAN, { type: 'null' }] }, disputes: { type: 'array', items: DISPUTE },
            paymentOptions: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    return deps.orm.em.fork().transactional((em) => accountSummary(em, actorOf(request), { id }, { ...options(), via: 'api' }));
  });

  app.post('/api/accounts/:id/payments', {
    config: { roles: PATIENT_DESK },
    schema: {
      summary: "Record a patient's payment: a ledger entry, the balance lowered, the live plan's installments paid oldest first (a retried post is answered with the first)",
      params: ID_PARAMS,
      body: {
        type: 'object', required: ['amount', 'date', 'method', 'reference'], additionalProperties: false,
        properties: {
          amount: { type: 'string', maxLength: 20 }, date: DATE, method: { type: 'string', enum: [...PAYMENT_METHODS] },
          reference: { type: 'string', minLength: 1, maxLength: 80 }, idempotencyKey: { type: 'string', minLength: 1, maxLength: 100 },
        },
      },
      response: {
        200: { type: 'object', required: ['payment', 'account', 'plan', 'repeated'], properties: { payment: ANY_OBJECT, account: ANY_OBJECT, plan: { anyOf: [ANY_OBJECT, { type: 'null' }] }, repeated: { type: 'boolean' } } },
        201: { type: 'object', required: ['payment', 'account', 'plan', 'repeated'], properties: { payment: ANY_OBJECT, account: ANY_OBJECT, plan: { anyOf: [ANY_OBJECT, { type: 'null' }] }, repeated: { type: 'boolean' } } },
      },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: number };
    const body = request.body as { amount: string; date: string; method: string; reference: string; idempotencyKey?: string };
    const posted = await deps.orm.em.fork().transactional((em) => postPatientPayment(em, actorOf(request), { account: { id }, ...body }, options()));
    return reply.code(posted.repeated ? 200 : 201).send(posted);
  });

  app.get('/api/accounts/:id/plans', {
    config: { roles: PATIENT_DESK },
    schema: {
      summary: "The account's payment plans with their installments, newest first",
      params: ID_PARAMS,
      response: { 200: { type: 'object', properties: { accountId: { type: 'integer' }, accountNumber: { type: 'string' }, plans: { type: 'array', items: PLAN } } } },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    return plansOfAccount(deps.orm.em.fork(), { id });
  });

  app.post('/api/accounts/:id/plans', {
    config: { roles: PATIENT_DESK },
    schema: {
      summary: "Make a payment plan for the account's whole balance: installments that add up to it, or a count split evenly (409 if a plan is live)",
      params: ID_PARAMS,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          installments: { type: 'array', minItems: 1, maxItems: 120, items: { type: 'object', required: ['dueDate', 'amount'], additionalProperties: false, properties: { dueDate: DATE, amount: AMOUNT } } },
          count: { type: 'integer', minimum: 1, maximum: 120 }, every: { type: 'string', enum: [...PLAN_INTERVALS] }, first: DATE, total: AMOUNT,
        },
      },
      response: { 201: PLAN },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: number };
    const body = (request.body ?? {}) as { installments?: Array<{ dueDate: string; amount: string }>; count?: number; every?: PlanInterval; first?: string; total?: string };
    const installments: PlannedInstallment[] | undefined = body.installments?.map((i, n) => ({ dueDate: i.dueDate, amountCents: paymentAmountCents(i.amount, `installments: item ${n + 1} amount`) }));
    const plan = await deps.orm.em.fork().transactional((em) => createPaymentPlan(em, actorOf(request), {
      account: { id }, installments, count: body.count, every: body.every, first: body.first, total: body.total,
    }, options()));
    return reply.code(201).send(plan);
  });

  app.post('/api/plans/:id/cancel', {
    config: { roles: PATIENT_DESK },
    schema: { summary: 'Cancel a live payment plan: the account goes back into the statement cycle', params: ID_PARAMS, response: { 200: PLAN } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    return deps.orm.em.fork().transactional((em) => cancelPaymentPlan(em, actorOf(request), id, options()));
  });

  app.post('/api/accounts/:id/disputes', {
    config: { roles: PATIENT_DESK },
    schema: {
      summary: "Open a dispute: a patient-inquiry task (the reason is its note) and the statement cycle paused for the account",
      params: ID_PARAMS,
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: DISPUTE_REASON_MAX_LENGTH } } },
      response: { 201: { type: 'object', required: ['dispute', 'taskId'], properties: { dispute: DISPUTE, taskId: { type: 'integer' } } } },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: number };
    const { reason } = request.body as { reason: string };
    const opened = await deps.orm.em.fork().transactional((em) => openDispute(em, actorOf(request), { id }, reason, options()));
    deps.relay.kick();
    return reply.code(201).send(opened);
  });

  app.post('/api/disputes/:id/resolve', {
    config: { roles: SUPERVISORS },
    schema: { summary: 'Resolve an open dispute: the statement cycle resumes for the account', params: ID_PARAMS, response: { 200: DISPUTE } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    return deps.orm.em.fork().transactional((em) => resolveDispute(em, actorOf(request), id, options()));
  });
}

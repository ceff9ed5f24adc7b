// A patient account's collections records, shared by the statement cycle, payment plans, disputes
// and the account summary: what was sent, what was promised and what is contested. Each later
// change adds columns through its own migration; these are the columns every reader relies on.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/** What one statement run sent an account: a statement, a final notice or an agency referral. */
export const STATEMENT_KINDS = ['statement', 'final-notice', 'agency-referral'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const Statement = defineEntity({
  name: 'Statement',
  tableName: 'statement',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountId: p.integer().index(),
    kind: p.enum([...STATEMENT_KINDS]),
    /** The cycle's stage that sent it (config), e.g. 'statement-1', 'final-notice', 'agency'. */
    stage: p.string().length(40),
    statementDate: p.date(),
    amountDueCents: p.bigint('number'),
    /** Printed on the statement: its date plus config/dunning.ts paymentDueDays. */
    dueDate: p.date().nullable(),
    /** The PDF as first rendered (src/services/collections/statement-pdf.service.ts), then kept as sent. */
    pdf: p.blob().nullable().lazy(),
    pdfRenderedAt: p.datetime().nullable(),
    /** One per account, stage and cycle start: a second run on the same day adds nothing. */
    idempotencyKey: p.string().length(200).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** current: installments paid on time, the cycle waits; missed: back in the cycle. */
export const PAYMENT_PLAN_STATUSES = ['current', 'missed', 'completed', 'cancelled'] as const;
export type PaymentPlanStatus = (typeof PAYMENT_PLAN_STATUSES)[number];

export const PaymentPlan = defineEntity({
  name: 'PaymentPlan',
  tableName: 'payment_plan',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountId: p.integer().index(),
    status: p.enum([...PAYMENT_PLAN_STATUSES]).default('current'),
    totalCents: p.bigint('number'),
    createdById: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const INSTALLMENT_STATUSES = ['due', 'paid', 'missed'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export const PaymentPlanInstallment = defineEntity({
  name: 'PaymentPlanInstallment',
  tableName: 'payment_plan_installment',
  uniques: [{ properties: ['planId', 'sequence'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    planId: p.integer().index(),
    sequence: p.integer(),
    dueDate: p.date(),
    amountCents: p.bigint('number'),
    paidCents: p.bigint('number').default(0),
    status: p.enum([...INSTALLMENT_STATUSES]).default('due'),
  },
});

export const DISPUTE_STATUSES = ['open', 'resolved'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A patient contesting their bill: the statement cycle waits while one is open. */
export const AccountDispute = defineEntity({
  name: 'AccountDispute',
  tableName: 'account_dispute',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountId: p.integer().index(),
    status: p.enum([...DISPUTE_STATUSES]).default('open'),
    /** The patient-inquiry task it opened. */
    taskId: p.integer().nullable(),
    openedById: p.integer().nullable(),
    openedAt: p.datetime().onCreate(() => new Date()),
    resolvedAt: p.datetime().nullable(),
  },
});

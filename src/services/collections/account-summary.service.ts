// The account explained for a patient on the phone (`GET /api/accounts/:id/summary`, `rcm accounts
// show`): each claim's charges, what each payer paid and adjusted and why (reason codes in words),
// what the patient owes, statements sent, payments received, the plan and the ways to pay. Every
// read leaves an audit row naming who read which account (ids only).
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRunner } from '../../db/sql.js';
import { AccountSummaryRepository, type SummaryLedgerSum, type SummaryStatement } from '../../db/repositories/account-summary.repository.js';
import { AccountDisputesRepository, type DisputeRow } from '../../db/repositories/account-disputes.repository.js';
import { PatientAccountsRepository, type PatientPaymentRow } from '../../db/repositories/patient-accounts.repository.js';
import { PaymentPlansRepository, type PlanWithInstallments } from '../../db/repositories/payment-plans.repository.js';
import { carcInWords, type CarcWordTables } from '../../domain/collections/carc-words.js';
import { CARC_GROUP_WORDS, CARC_PLAIN_WORDS } from '../../../config/carc-descriptions.js';
import { defaultPatientAccounts } from '../../../config/patient-accounts.js';
import { loadCarcTable } from '../posting/carc-table.service.js';
import { accountOrRefuse, auditAccount, type AccountActor, type AccountRef, type CollectionsOptions } from './patient-account-refs.js';

/** Ledger kinds as the patient hears them. */
const KIND_WORDS: Record<string, string> = {
  payment: 'paid by insurance',
  contractual: 'contractual adjustment (not billed to you)',
  denial: 'denied',
  'patient-responsibility': 'your share',
  'other-adjustment': 'other adjustment',
  'write-off': 'written off by the office',
  transfer: 'moved to your balance',
};

export interface PayerAdjustment {
  kind: string;
  kindInWords: string;
  code: string | null;
  explanation: string | null;
  amountCents: number;
}

export interface AccountSummary {
  account: { id: number; accountNumber: string; dunningStage: string; patientBalanceCents: number; youOweCents: number; creditCents: number };
  claims: Array<{
    claimId: number; controlNumber: string; serviceDate: string; status: string; chargeCents: number; insuranceBalanceCents: number;
    payer: { id: number; name: string };
    lines: Array<{ lineNumber: number; serviceDate: string; procedure: string; modifiers: string[]; units: string; chargeCents: number }>;
    payers: Array<{ payerId: number | null; payerName: string | null; paidCents: number; adjustments: PayerAdjustment[] }>;
    patientResponsibilityCents: number;
  }>;
  statements: SummaryStatement[];
  payments: PatientPaymentRow[];
  plan: PlanWithInstallments | null;
  disputes: DisputeRow[];
  paymentOptions: string[];
}

export async function accountSummary(em: EntityManager, actor: AccountActor, ref: AccountRef, options: CollectionsOptions & { via: 'api' | 'cli' }): Promise<AccountSummary> {
  const run = sqlRunner(em);
  const account = await accountOrRefuse(run, ref);
  const reads = new AccountSummaryRepository(run);
  const claims = await reads.claimsOf(account.id);
  const sums = await reads.ledgerSumsOf(claims.map((c) => c.id));
  const tables: CarcWordTables = { plain: CARC_PLAIN_WORDS, groups: CARC_GROUP_WORDS, office: await loadCarcTable(em) };
  const plans = await new PaymentPlansRepository(run).plansOf(account.id);
  const summary: AccountSummary = {
    account: {
      id: account.id, accountNumber: account.accountNumber, dunningStage: account.dunningStage, patientBalanceCents: account.patientBalanceCents,
      youOweCents: Math.max(account.patientBalanceCents, 0), creditCents: Math.max(-account.patientBalanceCents, 0),
    },
    claims: claims.map((c) => {
      const mine = sums.filter((s) => s.claimId === c.id);
      return {
        claimId: c.id, controlNumber: c.controlNumber, serviceDate: c.serviceDate, status: c.status, chargeCents: c.chargeCents,
        insuranceBalanceCents: c.balanceCents, payer: { id: c.payerId, name: c.payerName },
        lines: c.lines.map(({ lineNumber, serviceDate, procedure, modifiers, units, chargeCents }) => ({ lineNumber, serviceDate, procedure, modifiers, units, chargeCents })),
        payers: byPayer(mine, tables),
        patientResponsibilityCents: mine.filter((s) => s.kind === 'patient-responsibility').reduce((n, s) => n + s.amountCents, 0),
      };
    }),
    statements: await reads.statementsOf(account.id),
    payments: await new PatientAccountsRepository(run).paymentsOf(account.id),
    plan: plans.find((p) => p.status === 'current' || p.status === 'missed') ?? null,
    disputes: await new AccountDisputesRepository(run).disputesOf(account.id),
    paymentOptions: defaultPatientAccounts.paymentOptions.map((o) => o.description),
  };
  await auditAccount(run, actor, 'account.summary.read', account.id, { via: options.via }, options.clock.now());
  return summary;
}

/** A claim's ledger sums grouped by payer: paid, then each adjustment with its reason in words. */
function byPayer(sums: readonly SummaryLedgerSum[], tables: CarcWordTables): AccountSummary['claims'][number]['payers'] {
  const payers = new Map<string, AccountSummary['claims'][number]['payers'][number]>();
  for (const s of sums) {
    const key = String(s.payerId);
    let payer = payers.get(key);
    if (!payer) payers.set(key, payer = { payerId: s.payerId, payerName: s.payerName, paidCents: 0, adjustments: [] });
    if (s.kind === 'payment') {
      payer.paidCents += s.amountCents;
      continue;
    }
    const code = s.groupCode && s.reasonCode ? `${s.groupCode}-${s.reasonCode}` : null;
    payer.adjustments.push({
      kind: s.kind, kindInWords: KIND_WORDS[s.kind] ?? s.kind, code,
      explanation: s.groupCode || s.reasonCode ? carcInWords(s.groupCode, s.reasonCode, tables) : null, amountCents: s.amountCents,
    });
  }
  return [...payers.values()];
}

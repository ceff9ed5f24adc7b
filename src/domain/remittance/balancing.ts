// The 835 balancing rules, checked before anything is posted: a remittance that does not add up
// is rejected whole (line: SVC02 - CAS = SVC03; claim: CLP03 - all CAS = CLP04; transaction:
// BPR02 = sum(CLP04) - sum(PLB)).
import { formatDollars, sumCents } from '../money.js';
import { X12Error } from '../x12/x12-error.js';
import type { ProviderAdjustment, RemittanceClaim, RemittancePayment, RemittanceTransaction } from './remittance.js';

export interface BalancingContext {
  file?: string;
  controlNumber: string; // ST02
}

/** Checks every line, every claim and the transaction; throws on the first difference. */
export function checkBalancing(transaction: RemittanceTransaction): void {
  const ctx = { file: transaction.file, controlNumber: transaction.controlNumber };
  for (const claim of transaction.claims) checkClaimBalancing(claim, ctx);
  checkTransactionBalancing({
    ...ctx,
    payment: transaction.payment,
    claimPaidCents: sumCents(transaction.claims.map((c) => c.paidCents)),
    providerAdjustments: transaction.providerAdjustments,
  });
}

/** The line rule for each service line, then the claim rule (claim CAS plus every line's CAS). */
export function checkClaimBalancing(claim: RemittanceClaim, ctx: BalancingContext): void {
  for (const line of claim.lines) {
    const adjusted = sumCents(line.adjustments.map((a) => a.amountCents));
    if (line.chargeCents - adjusted !== line.paidCents) {
      throw new X12Error({
        rule: 'balance-line', segment: 'SVC', position: line.position, element: 'SVC03',
        controlNumber: ctx.controlNumber, file: ctx.file,
        message: `claim ${claim.controlNumber}, service line ${line.sequence}: charge SVC02 ${formatDollars(line.chargeCents)}`
          + ` - line adjustments ${formatDollars(adjusted)} = ${formatDollars(line.chargeCents - adjusted)},`
          + ` but the line payment SVC03 is ${formatDollars(line.paidCents)}`,
      });
    }
  }
  const adjusted = claimAdjustmentCents(claim);
  if (claim.chargeCents - adjusted !== claim.paidCents) {
    throw new X12Error({
      rule: 'balance-claim', segment: 'CLP', position: claim.position, element: 'CLP04',
      controlNumber: ctx.controlNumber, file: ctx.file,
      message: `claim ${claim.controlNumber}: charge CLP03 ${formatDollars(claim.chargeCents)}`
        + ` - claim and line adjustments ${formatDollars(adjusted)} = ${formatDollars(claim.chargeCents - adjusted)},`
        + ` but the claim payment CLP04 is ${formatDollars(claim.paidCents)}`,
    });
  }
}

export interface TransactionTotalsInput extends BalancingContext {
  payment: RemittancePayment;
  claimPaidCents: number;
  providerAdjustments: readonly ProviderAdjustment[];
}

/**
 * BPR02 = sum(CLP04) - sum(PLB amounts). A debit (BPR03 = D) means the payer takes money back,
 * so the net of claims and provider adjustments is then minus BPR02.
 */
export function checkTransactionBalancing(input: TransactionTotalsInput): void {
  const plb = sumCents(input.providerAdjustments.map((a) => a.amountCents));
  const net = input.claimPaidCents - plb;
  const expected = input.payment.creditDebit === 'D' ? -input.payment.amountCents : input.payment.amountCents;
  if (net !== expected) {
    throw new X12Error({
      rule: 'balance-transaction', segment: 'BPR', position: input.payment.position, element: 'BPR02',
      controlNumber: input.controlNumber, file: input.file,
      message: `transaction ${input.controlNumber}: claim payments (sum of CLP04) ${formatDollars(input.claimPaidCents)}`
        + ` - provider adjustments (sum of PLB) ${formatDollars(plb)} = ${formatDollars(net)},`
        + ` but the payment BPR02 is ${formatDollars(input.payment.amountCents)}`
        + (input.payment.creditDebit === 'D' ? ' (debit)' : ''),
    });
  }
}

/** Sum of every CAS amount of a claim: claim level plus all lines. */
export function claimAdjustmentCents(claim: RemittanceClaim): number {
  return sumCents(claim.adjustments.map((a) => a.amountCents))
    + sumCents(claim.lines.flatMap((line) => line.adjustments.map((a) => a.amountCents)));
}

/** What a remittance's ledger holds once posted: payments (with unapplied money) and PLB amounts. */
export interface PostedLedgerTotals {
  paidCents: number;
  providerAdjustmentCents: number;
}

/**
 * The last check before a remittance is marked posted: its ledger pays what its claims paid
 * (sum of CLP04) and nets to BPR02. Returns the difference in ids and cents (no PHI), or undefined.
 */
export function postedLedgerMismatch(
  ledger: PostedLedgerTotals, remittance: { paidCents: number; paymentCents: number },
): string | undefined {
  const net = ledger.paidCents - ledger.providerAdjustmentCents;
  if (ledger.paidCents === remittance.paidCents && net === remittance.paymentCents) return undefined;
  return `ledger payments ${ledger.paidCents} and net ${net} cents do not match the file's ${remittance.paidCents} and BPR02 ${remittance.paymentCents} cents`;
}

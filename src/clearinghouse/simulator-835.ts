// The simulated payer's answer to submitted claims: a balanced 835 (005010X221A1), the same for
// the same seed, with a share of lines denied. Pure: it returns segments (lazily, so a benchmark
// can write a 100 MB file without holding it) or the whole text. Invented data only.
import { formatX12Amount } from '../domain/money.js';
import type { ClearinghouseReply } from './adapter.js';
import { simulatedRejection, type SimulatedBatch } from './simulator-replies.js';
import { seededRandom } from '../util/random.js';

export interface SubmittedLine {
  lineControlNumber: string;
  procedure: string;
  modifiers?: string[];
  chargeCents: number;
  serviceDate: string; // YYYY-MM-DD
  units?: string;
}

export interface SubmittedClaim {
  controlNumber: string;
  lines: SubmittedLine[];
}

export interface Simulated835Options {
  seed: number;
  /** Share of lines denied (0..1). */
  denialRate?: number;
  payerIdentifier?: string; // TRN03 / N1*PR id
  payerName?: string;
  payeeNpi?: string;
  traceNumber?: string;
  /** YYYY-MM-DD of the payment (BPR16). */
  paymentDate?: string;
  /** Interest paid with the claims (PLB L6, negative: it raises the payment). */
  interestCents?: number;
}

interface LineOutcome { paid: number; contractual: number; coinsurance: number; denial?: string }

const DENIAL_REASONS = ['16', '97', '50', '204', '197'];

/** Segments of the 835 (without terminators). */
export function* simulate835Segments(claims: readonly SubmittedClaim[], options: Simulated835Options): Generator<string[]> {
  const random = seededRandom(options.seed);
  const denialRate = options.denialRate ?? 0.1;
  const outcomes = claims.map((claim) => claim.lines.map((line) => adjudicate(line.chargeCents, random, denialRate)));
  const interest = options.interestCents ?? 0;
  const claimPaid = outcomes.map((lines) => lines.reduce((s, l) => s + l.paid, 0));
  const net = claimPaid.reduce((s, p) => s + p, 0) + interest;
  const date = (options.paymentDate ?? '2024-02-01').replace(/-/g, '');
  const payer = options.payerIdentifier ?? '1999999999';
  const trace = options.traceNumber ?? `SIM${options.seed}`;
  const control = String(options.seed % 1_000_000_000).padStart(9, '0');
  yield ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), 'ZZ', 'SIMPAYER'.padEnd(15), 'ZZ', 'OUROFFICE'.padEnd(15),
    date.slice(2), '1200', '^', '00501', control, '0', 'P', ':'];
  yield ['GS', 'HP', 'SIMPAYER', 'OUROFFICE', date, '1200', String(options.seed % 1_000_000_000 || 1), 'X', '005010X221A1'];
  let count = 0;
  const body = function* (): Generator<string[]> {
    yield ['ST', '835', '0001'];
    yield ['BPR', 'I', formatX12Amount(Math.abs(net)), net < 0 ? 'D' : 'C', 'ACH', 'CCP', '01', '011000015', 'DA', '0001', payer, '',
      '01', '021000021', 'DA', '0002', date];
    yield ['TRN', '1', trace, payer];
    yield ['DTM', '405', date];
    yield ['N1', 'PR', options.payerName ?? 'SIMULATED PAYER'];
    yield ['N1', 'PE', 'OUR OFFICE', 'XX', options.payeeNpi ?? '1234567893'];
    yield ['LX', '1'];
    for (const [i, claim] of claims.entries()) {
      const lines = outcomes[i];
      const charge = claim.lines.reduce((s, l) => s + l.chargeCents, 0);
      const allDenied = lines.every((l) => l.denial);
      const patient = lines.reduce((s, l) => s + l.coinsurance, 0);
      yield ['CLP', claim.controlNumber, allDenied ? '4' : '1', formatX12Amount(charge), formatX12Amount(claimPaid[i]),
        patient ? formatX12Amount(patient) : '', '12', `SIMPCN${claim.controlNumber}`];
      for (const [j, line] of claim.lines.entries()) {
        const outcome = lines[j];
        const procedure = ['HC', line.procedure, ...(line.modifiers ?? [])].join(':');
        yield ['SVC', procedure, formatX12Amount(line.chargeCents), formatX12Amount(outcome.paid), '', line.units ?? '1'];
        yield ['DTM', '472', line.serviceDate.replace(/-/g, '')];
        if (outcome.denial) yield ['CAS', 'CO', outcome.denial, formatX12Amount(line.chargeCents)];
        else {
          if (outcome.contractual) yield ['CAS', 'CO', '45', formatX12Amount(outcome.contractual)];
          if (outcome.coinsurance) yield ['CAS', 'PR', '2', formatX12Amount(outcome.coinsurance)];
        }
        yield ['REF', '6R', line.lineControlNumber];
      }
    }
    if (interest) yield ['PLB', options.payeeNpi ?? '1234567893', `${date.slice(0, 4)}1231`, 'L6:INTEREST', formatX12Amount(-interest)];
  };
  for (const segment of body()) {
    count += 1;
    yield segment;
  }
  yield ['SE', String(count + 1), '0001'];
  yield ['GE', '1', String(options.seed % 1_000_000_000 || 1)];
  yield ['IEA', '1', control];
}

/** The whole 835 as text, one segment per line. */
export function simulate835(claims: readonly SubmittedClaim[], options: Simulated835Options): string {
  let text = '';
  for (const segment of simulate835Segments(claims, options)) text += `${segment.join('*')}~\n`;
  return text;
}

function adjudicate(charge: number, random: () => number, denialRate: number): LineOutcome {
  if (charge > 0 && random() < denialRate) {
    return { paid: 0, contractual: 0, coinsurance: 0, denial: DENIAL_REASONS[Math.floor(random() * DENIAL_REASONS.length)] };
  }
  // The contract allows 60-90% of the charge; the patient owes 20% coinsurance of it half the time.
  const allowed = Math.floor((charge * (60 + Math.floor(random() * 31))) / 100);
  const coinsurance = random() < 0.5 ? Math.floor(allowed / 5) : 0;
  return { paid: allowed - coinsurance, contractual: charge - allowed, coinsurance };
}

/**
 * The simulated clearinghouse's 835 for a batch (a ReplyGenerator, see simulator.ts): the payer
 * pays or denies the claims its 277CA accepted; nothing for a batch that could not be read. A
 * payer pays each payee (billing provider) apart, as real payers do, and posting matches a CLP by
 * payee + payer + CLP01: one interchange per billing NPI, in one file, the first under the
 * batch's own seed and trace.
 */
export function simulated835(sim: SimulatedBatch): ClearinghouseReply | undefined {
  const accepted = (sim.parsed?.claims ?? []).map((c) => c.claim).filter((claim) => !simulatedRejection(sim.config, claim.controlNumber));
  if (accepted.length === 0) return undefined;
  const byPayee = new Map<string, typeof accepted>();
  for (const claim of accepted) byPayee.set(claim.billingProvider.npi, [...(byPayee.get(claim.billingProvider.npi) ?? []), claim]);
  const { controlNumber } = sim.batch;
  let text = '';
  for (const [k, [npi, claimsOfPayee]] of [...byPayee].entries()) {
    const claims: SubmittedClaim[] = claimsOfPayee.map((claim) => ({
      controlNumber: claim.controlNumber,
      lines: claim.lines.map((line, i) => ({
        lineControlNumber: line.lineControlNumber ?? `${claim.controlNumber}-${i + 1}`,
        procedure: line.procedure, modifiers: line.modifiers, chargeCents: line.chargeCents, serviceDate: line.serviceDate,
        units: String(line.units),
      })),
    }));
    text += simulate835(claims, {
      seed: (sim.config.simulator.seed * 1_000_003 + controlNumber) * (k + 1), denialRate: sim.config.simulator.denialRate,
      payerIdentifier: accepted[0].payer.payerId, payerName: accepted[0].payer.name, payeeNpi: npi,
      traceNumber: k === 0 ? `SIM${controlNumber}` : `SIM${controlNumber}-${k + 1}`, paymentDate: sim.now.toISOString().slice(0, 10),
    });
  }
  return { fileName: `sim-${controlNumber}.835`, content: Buffer.from(text, 'latin1') };
}

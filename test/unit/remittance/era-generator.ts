// Test-only generator of balanced 835 files: fast-check arbitraries for invented remittances and
// a writer that renders them as X12 text, remembering where every balancing amount sits so a
// property can change exactly one of them by a cent.
import fc from 'fast-check';
import { formatX12Amount } from '../../../src/domain/money.js';

export interface GenTriplet { reason: string; cents: number }
export interface GenCas { group: 'CO' | 'OA' | 'PI' | 'PR'; triplets: GenTriplet[] }
export interface GenLine { procedure: string; modifiers: string[]; chargeCents: number; cas: GenCas[]; lineControl?: string }
export interface GenClaim { controlNumber: string; status: string; chargeCents: number; lines: GenLine[]; cas: GenCas[] }
export interface GenPlb { reason: string; cents: number }
export interface GenTransaction { claims: GenClaim[]; plb: GenPlb[] }
export interface GenFile { interchanges: GenTransaction[][]; style: RenderStyle }

export interface RenderStyle { element: '*' | '|'; component: ':' | '>'; lineBreak: '' | '\n' | '\r\n'; shortAmounts: boolean }

/** Which balancing rule a changed amount must break. */
export type AmountRole = 'balance-line' | 'balance-claim' | 'balance-transaction';
export interface AmountSlot { segment: number; element: number; cents: number; role: AmountRole }

export interface RenderedEra {
  segments: string[][];
  amounts: AmountSlot[];
  style: RenderStyle;
}

const cents = (max: number) => fc.integer({ min: 0, max });
const reason = fc.constantFrom('45', '42', '253', '16', '29', '97', '1', '2', '3', '23', 'A2', '204', '999');
const triplet = fc.record({ reason, cents: fc.oneof({ weight: 9, arbitrary: cents(50_000) }, { weight: 1, arbitrary: fc.integer({ min: -5_000, max: -1 }) }) });
const cas = fc.record({
  group: fc.constantFrom('CO' as const, 'OA' as const, 'PI' as const, 'PR' as const),
  triplets: fc.array(triplet, { minLength: 1, maxLength: 6 }),
});
const line = fc.record({
  procedure: fc.constantFrom('99213', '99214', '93000', '36415', 'J1100'),
  modifiers: fc.array(fc.constantFrom('25', '26', 'TC', '59'), { maxLength: 2 }),
  chargeCents: cents(2_000_000),
  cas: fc.array(cas, { maxLength: 2 }),
  lineControl: fc.option(fc.stringMatching(/^[A-Z0-9]{4,10}$/), { nil: undefined }),
});
const claim = fc.record({
  controlNumber: fc.stringMatching(/^[A-Z0-9]{5,15}$/),
  status: fc.constantFrom('1', '2', '3', '4', '19', '22'),
  chargeCents: cents(3_000_000),
  lines: fc.array(line, { maxLength: 3 }),
  cas: fc.array(cas, { maxLength: 2 }),
});
const transaction = fc.record({
  claims: fc.array(claim, { minLength: 1, maxLength: 4 }),
  plb: fc.array(fc.record({ reason: fc.constantFrom('WO', 'L6', 'CV', '72', 'FB'), cents: fc.integer({ min: -20_000, max: 20_000 }) }), { maxLength: 3 }),
});

export const genEraFile: fc.Arbitrary<GenFile> = fc.record({
  interchanges: fc.array(fc.array(transaction, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  style: fc.record({
    element: fc.constantFrom('*' as const, '|' as const),
    component: fc.constantFrom(':' as const, '>' as const),
    lineBreak: fc.constantFrom('' as const, '\n' as const, '\r\n' as const),
    shortAmounts: fc.boolean(),
  }),
});

const sumCas = (list: GenCas[]) => list.reduce((s, c) => s + c.triplets.reduce((t, x) => t + x.cents, 0), 0);

/** A claim's charge: the sum of its lines when it has lines, else its own. */
export function claimCharge(c: GenClaim): number {
  return c.lines.length > 0 ? c.lines.reduce((s, l) => s + l.chargeCents, 0) : c.chargeCents;
}
export function linePaid(l: GenLine): number { return l.chargeCents - sumCas(l.cas); }
export function claimPaid(c: GenClaim): number {
  return claimCharge(c) - sumCas(c.cas) - c.lines.reduce((s, l) => s + sumCas(l.cas), 0);
}
export function transactionNet(t: GenTransaction): number {
  return t.claims.reduce((s, c) => s + claimPaid(c), 0) - t.plb.reduce((s, p) => s + p.cents, 0);
}
export function adjustmentTotal(t: GenTransaction): number {
  return t.claims.reduce((s, c) => s + sumCas(c.cas) + c.lines.reduce((x, l) => x + sumCas(l.cas), 0), 0);
}

/** Lays the generated remittance out as segments (element arrays), envelopes and counts included. */
export function renderEra(file: GenFile): RenderedEra {
  const segments: string[][] = [];
  const amounts: AmountSlot[] = [];
  const money = (value: number) => (file.style.shortAmounts ? formatX12Amount(value) : toFixed2(value));
  const add = (elements: string[], slots: Array<[number, number, AmountRole]> = []) => {
    for (const [element, value, role] of slots) amounts.push({ segment: segments.length, element, cents: value, role });
    segments.push(elements);
  };
  let st = 0;
  file.interchanges.forEach((transactions, i) => {
    const isa13 = String(900 + i).padStart(9, '0');
    add(['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), 'ZZ', 'PAYERSENDER    ', 'ZZ', 'OUROFFICE      ',
      '240105', '1200', '^', '00501', isa13, '0', 'T', file.style.component]);
    add(['GS', 'HP', 'PAYERSENDER', 'OUROFFICE', '20240105', '1200', String(i + 1), 'X', '005010X221A1']);
    for (const t of transactions) {
      st += 1;
      const stControl = String(st).padStart(4, '0');
      const start = segments.length;
      const net = transactionNet(t);
      add(['ST', '835', stControl]);
      add(['BPR', 'I', money(Math.abs(net)), net < 0 ? 'D' : 'C', 'CHK', '', '', '', '', '', '', '', '', '', '', '', '20240105'],
        [[2, Math.abs(net), 'balance-transaction']]);
      add(['TRN', '1', `TRACE${st}`, '1512345678']);
      add(['N1', 'PR', 'INVENTED PAYER']);
      add(['N1', 'PE', 'INVENTED CLINIC', 'XX', '1234567893']);
      add(['LX', '1']);
      for (const c of t.claims) renderClaim(c, add, money, file.style.component);
      if (t.plb.length > 0) {
        const plb = ['PLB', '1234567893', '20241231'];
        const slots: Array<[number, number, AmountRole]> = [];
        for (const p of t.plb) {
          plb.push(`${p.reason}${file.style.component}REF${p.reason}`, money(p.cents));
          slots.push([plb.length - 1, p.cents, 'balance-transaction']);
        }
        add(plb, slots);
      }
      add(['SE', String(segments.length - start + 1), stControl]);
    }
    add(['GE', String(transactions.length), String(i + 1)]);
    add(['IEA', '1', isa13]);
  });
  return { segments, amounts, style: file.style };
}

type Add = (elements: string[], slots?: Array<[number, number, AmountRole]>) => void;

function renderClaim(c: GenClaim, add: Add, money: (v: number) => string, component: string): void {
  const charge = claimCharge(c);
  add(['CLP', c.controlNumber, c.status, money(charge), money(claimPaid(c)), '', '12', `PAYER${c.controlNumber}`],
    [[3, charge, 'balance-claim'], [4, claimPaid(c), 'balance-claim']]);
  for (const group of c.cas) renderCas(group, add, money, 'balance-claim');
  add(['NM1', 'QC', '1', 'INVENTED', 'PATIENT', '', '', '', 'MI', 'X0000000']);
  for (const l of c.lines) {
    const composite = ['HC', l.procedure, ...l.modifiers].join(component);
    add(['SVC', composite, money(l.chargeCents), money(linePaid(l)), '', '1'],
      [[2, l.chargeCents, 'balance-line'], [3, linePaid(l), 'balance-line']]);
    add(['DTM', '472', '20240102']);
    for (const group of l.cas) renderCas(group, add, money, 'balance-line');
    if (l.lineControl) add(['REF', '6R', l.lineControl]);
  }
}

function renderCas(group: GenCas, add: Add, money: (v: number) => string, role: AmountRole): void {
  const elements = ['CAS', group.group];
  const slots: Array<[number, number, AmountRole]> = [];
  for (const t of group.triplets) {
    elements.push(t.reason, money(t.cents), '');
    slots.push([elements.length - 2, t.cents, role]);
  }
  while (elements[elements.length - 1] === '') elements.pop();
  add(elements, slots);
}

/** Writes the segments as one X12 text in the file's style. */
export function toText(era: RenderedEra): string {
  const { element, lineBreak } = era.style;
  return era.segments.map((seg) => `${seg.join(element)}~${lineBreak}`).join('');
}

/** A copy of the rendering with one amount changed by `delta` cents. */
export function withAmountChanged(era: RenderedEra, slot: AmountSlot, delta: number): RenderedEra {
  const segments = era.segments.map((seg) => [...seg]);
  segments[slot.segment][slot.element] = toFixed2(slot.cents + delta);
  return { ...era, segments };
}

function toFixed2(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

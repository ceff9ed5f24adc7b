// Writes a batch of claims as one 837P (005010X222A1) interchange: ISA/GS/ST, one billing
// provider HL per NPI, a subscriber HL per claim and a patient HL when the patient differs.
import type { Claim, Diagnosis, PersonName, PostalAddress, ServiceLine } from '../claims/claim.js';
import { formatX12Amount } from '../money.js';
import { OUT, SegmentBuilder } from './segment-builder.js';

export const IMPLEMENTATION_GUIDE_837P = '005010X222A1';

export interface Party { id: string; name: string }

export interface Batch837p {
  claims: Claim[];
  /** Submitter (NM1*41 and ISA06/GS02). contactName/contactPhone, when given, are written as PER*IC. */
  sender: Party & { contactName?: string; contactPhone?: string };
  /** Receiver / clearinghouse (NM1*40 and ISA08/GS03). */
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  transactionControlNumber: number;
  /** Written with its UTC parts. */
  createdAt: Date;
  usage: 'P' | 'T';
}

const PRINCIPAL: ReadonlySet<string> = new Set(['ABK', 'BK']);

export function write837p(batch: Batch837p): string {
  const out = new SegmentBuilder();
  const { sender, receiver, createdAt } = batch;
  if (batch.claims.length === 0) out.fail('write-empty', 'ST', undefined, 'an 837P batch needs at least one claim');
  const isaControl = controlNumber(out, batch.interchangeControlNumber, 'ISA13', 9, 9);
  const groupControl = controlNumber(out, batch.groupControlNumber, 'GS06', 1, 9);
  const stControl = controlNumber(out, batch.transactionControlNumber, 'ST02', 4, 9);
  const date8 = `${createdAt.getUTCFullYear()}${two(createdAt.getUTCMonth() + 1)}${two(createdAt.getUTCDate())}`;
  const time4 = `${two(createdAt.getUTCHours())}${two(createdAt.getUTCMinutes())}`;

  out.addRaw([
    'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10),
    'ZZ', fixed(out, sender.id, 'ISA06'), 'ZZ', fixed(out, receiver.id, 'ISA08'),
    date8.slice(2), time4, OUT.repetition, '00501', isaControl, '0', batch.usage, OUT.component,
  ].join(OUT.element));
  out.add('GS', 'HC', sender.id, receiver.id, date8, time4, groupControl, 'X', IMPLEMENTATION_GUIDE_837P);
  const stIndex = out.count;
  out.add('ST', '837', stControl, IMPLEMENTATION_GUIDE_837P);
  out.add('BHT', '0019', '00', isaControl, date8, time4, 'CH');
  out.add('NM1', '41', '2', sender.name, undefined, undefined, undefined, undefined, '46', sender.id);
  if (sender.contactPhone) out.add('PER', 'IC', sender.contactName ?? sender.name, 'TE', sender.contactPhone);
  out.add('NM1', '40', '2', receiver.name, undefined, undefined, undefined, undefined, '46', receiver.id);

  let hl = 0;
  for (const claims of groupByBillingNpi(batch.claims)) {
    const provider = claims[0].billingProvider;
    const providerHl = ++hl;
    out.controlNumber = claims[0].controlNumber;
    out.add('HL', String(providerHl), undefined, '20', '1');
    out.add('NM1', '85', '2', need(out, provider.name, 'NM103'), undefined, undefined, undefined, undefined, 'XX', need(out, provider.npi, 'NM109'));
    address(out, provider.address);
    if (provider.taxId) out.add('REF', 'EI', provider.taxId);
    for (const claim of claims) {
      out.controlNumber = claim.controlNumber;
      const subscriberHl = ++hl;
      const { subscriber, patient } = claim;
      out.add('HL', String(subscriberHl), String(providerHl), '22', patient ? '1' : '0');
      const filing = subscriber.claimFilingIndicator;
      if (!filing) out.fail('write-required', 'SBR', 'SBR09', 'the subscriber has no claim filing indicator (SBR09); it is required in an 837P');
      out.add('SBR', need(out, subscriber.payerRank, 'SBR01'), patient ? undefined : subscriber.relationship, subscriber.groupNumber,
        undefined, undefined, undefined, undefined, undefined, filing);
      person(out, 'IL', subscriber.name, ['MI', need(out, subscriber.memberId, 'NM109')]);
      address(out, subscriber.address);
      demographics(out, subscriber.birthDate, subscriber.gender);
      out.add('NM1', 'PR', '2', claim.payer.name, undefined, undefined, undefined, undefined, 'PI', need(out, claim.payer.payerId, 'NM109'));
      if (patient) {
        out.add('HL', String(++hl), String(subscriberHl), '23', '0');
        out.add('PAT', need(out, subscriber.relationship, 'PAT01'));
        person(out, 'QC', patient.name);
        address(out, patient.address);
        demographics(out, patient.birthDate, patient.gender);
      }
      writeClaim(out, claim);
    }
  }
  out.add('SE', String(out.countFrom(stIndex) + 1), stControl);
  out.add('GE', '1', groupControl);
  out.add('IEA', '1', isaControl);
  return out.toString();
}

function writeClaim(out: SegmentBuilder, claim: Claim): void {
  const { order, pointerMap } = diagnosisOrder(out, claim.diagnoses);
  out.add('CLM', need(out, claim.controlNumber, 'CLM01'), formatX12Amount(claim.chargeCents), undefined, undefined,
    [need(out, claim.placeOfService, 'CLM05-1'), 'B', claim.frequency], 'Y', 'A', 'Y', 'Y');
  if (claim.frequency === '7' || claim.frequency === '8') {
    if (!claim.payerClaimNumber) out.fail('write-required', 'REF', 'REF02', `a frequency ${claim.frequency} claim needs the payer claim number (REF*F8)`);
    out.add('REF', 'F8', claim.payerClaimNumber);
  }
  out.add('HI', ...order.map((d) => [d.qualifier, need(out, d.code, 'HI01-2')]));
  claim.lines.forEach((line, index) => writeLine(out, line, index + 1, pointerMap));
}

function writeLine(out: SegmentBuilder, line: ServiceLine, lineNumber: number, pointerMap: readonly number[]): void {
  if (line.diagnosisPointers.length === 0 || line.diagnosisPointers.length > 4) {
    out.fail('write-pointer', 'SV1', 'SV107', `service line ${lineNumber} needs 1 to 4 diagnosis pointers`);
  }
  const pointers = line.diagnosisPointers.map((p) => {
    const mapped = pointerMap[p - 1];
    if (mapped === undefined) out.fail('write-pointer', 'SV1', 'SV107', `service line ${lineNumber} points at diagnosis ${p}, which the claim does not have`);
    return String(mapped);
  });
  if (line.modifiers.length > 4) out.fail('write-modifier', 'SV1', 'SV101', `service line ${lineNumber} has more than 4 modifiers`);
  if (!Number.isFinite(line.units) || line.units <= 0) out.fail('write-units', 'SV1', 'SV104', `service line ${lineNumber} must have positive units`);
  if (!line.lineControlNumber) out.fail('write-required', 'REF', 'REF02', `service line ${lineNumber} has no line item control number (REF*6R)`);
  out.add('LX', String(lineNumber));
  out.add('SV1', [line.procedureQualifier, line.procedure, ...line.modifiers], formatX12Amount(line.chargeCents), line.unitBasis,
    String(line.units), line.placeOfService, undefined, pointers);
  const start = date8(out, line.serviceDate);
  if (line.serviceDateEnd && line.serviceDateEnd !== line.serviceDate) out.add('DTP', '472', 'RD8', `${start}-${date8(out, line.serviceDateEnd)}`);
  else out.add('DTP', '472', 'D8', start);
  out.add('REF', '6R', line.lineControlNumber);
}

/** The principal diagnosis must come first in HI; pointers are renumbered to follow it. */
function diagnosisOrder(out: SegmentBuilder, diagnoses: readonly Diagnosis[]): { order: Diagnosis[]; pointerMap: number[] } {
  const principals = diagnoses.filter((d) => PRINCIPAL.has(d.qualifier));
  if (principals.length !== 1) out.fail('write-diagnosis', 'HI', 'HI01', `a claim needs exactly one principal diagnosis (ABK or BK), found ${principals.length}`);
  if (diagnoses.length > 12) out.fail('write-diagnosis', 'HI', 'HI13', 'an 837P claim carries at most 12 diagnoses');
  const indexed = diagnoses.map((d, i) => ({ d, i }));
  const order = [...indexed.filter((x) => PRINCIPAL.has(x.d.qualifier)), ...indexed.filter((x) => !PRINCIPAL.has(x.d.qualifier))];
  const pointerMap: number[] = [];
  order.forEach((x, position) => { pointerMap[x.i] = position + 1; });
  return { order: order.map((x) => x.d), pointerMap };
}

function groupByBillingNpi(claims: readonly Claim[]): Claim[][] {
  const groups = new Map<string, Claim[]>();
  for (const claim of claims) {
    const group = groups.get(claim.billingProvider.npi);
    if (group) group.push(claim);
    else groups.set(claim.billingProvider.npi, [claim]);
  }
  return [...groups.values()];
}

function person(out: SegmentBuilder, code: string, name: PersonName, id?: [string, string]): void {
  out.add('NM1', code, '1', need(out, name.last, 'NM103'), name.first, name.middle, undefined, undefined, id?.[0], id?.[1]);
}

function address(out: SegmentBuilder, a: PostalAddress | undefined): void {
  if (!a) return;
  out.add('N3', need(out, a.line1, 'N301'), a.line2);
  out.add('N4', need(out, a.city, 'N401'), a.state, a.postalCode);
}

function demographics(out: SegmentBuilder, birthDate: string | undefined, gender: string | undefined): void {
  if (birthDate) out.add('DMG', 'D8', date8(out, birthDate), gender);
}

function need(out: SegmentBuilder, value: string | undefined, element: string): string {
  if (value === undefined || value.trim() === '') out.fail('write-required', segmentOf(element), element, `${element} is required but empty`);
  return value;
}

function date8(out: SegmentBuilder, iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) out.fail('write-date', 'DTP', 'DTP03', 'dates must be ISO YYYY-MM-DD');
  return iso.replaceAll('-', '');
}

function controlNumber(out: SegmentBuilder, n: number, element: string, minDigits: number, maxDigits: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || String(n).length > maxDigits) {
    out.fail('write-control-number', segmentOf(element), element, `${element} must be a whole number from 1 to ${'9'.repeat(maxDigits)}`);
  }
  return String(n).padStart(minDigits, '0');
}

/** ISA06/ISA08 are fixed 15-character fields. */
function fixed(out: SegmentBuilder, id: string, element: string): string {
  if (id.length === 0 || id.length > 15 || /[*:^~\r\n]/.test(id)) {
    out.fail('write-isa', 'ISA', element, `${element} must be 1-15 characters without separators`);
  }
  return id.padEnd(15, ' ');
}

/** 'NM103' -> 'NM1', 'CLM05-1' -> 'CLM'. */
function segmentOf(element: string): string {
  return /^(.+?)\d{2}(-\d+)?$/.exec(element)?.[1] ?? element;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

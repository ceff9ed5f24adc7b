// One 837P transaction set (ST..SE) read segment by segment: follows the HL hierarchy and the
// open claim and service line, and hands out each claim as it closes. Used by 837p-reader.ts.
import type { BillingProvider, Claim, ClaimPayer, ClaimSource, Patient, PostalAddress, ServiceLine, Subscriber } from '../claims/claim.js';
import {
  addressLines, cityStateZip, demographics, finishAddress, identifier, organisationName, personName, readClm, readDiagnoses, readSv1,
  type Sv1Part,
} from './837p-parts.js';
import type { Segment } from './segments.js';
import { X12Error } from './x12-error.js';
import { dateOrRange, optional, required, type CompositeReader, type ElementContext } from './x12-elements.js';

export interface ReadClaim { claim: Claim; source: ClaimSource }

const NONE: ReadClaim[] = [];

type Entity = 'billing' | 'subscriber' | 'patient' | 'other';

interface BillingHl { provider: Partial<BillingProvider>; address?: Partial<PostalAddress>; position: number }
interface SubscriberHl {
  billing: BillingHl; position: number;
  subscriber: Partial<Subscriber>; address?: Partial<PostalAddress>; payer?: ClaimPayer;
}
interface PatientHl { subscriber: SubscriberHl; patient: Partial<Patient>; address?: Partial<PostalAddress>; relationship?: string }
type Hl = { level: '20'; billing: BillingHl } | { level: '22'; subscriber: SubscriberHl } | { level: '23'; patient: PatientHl };

interface OpenLine { lineNumber: number; position: number; sv1?: Sv1Part; date?: { start: string; end?: string }; lineControlNumber?: string }
interface OpenClaim { claim: Omit<Claim, 'lines'>; lines: ServiceLine[]; source: ClaimSource; line?: OpenLine; inOtherSubscriber: boolean }

/**
 * One ST..SE: tracks the HL hierarchy and the open claim / service line. HLs nest depth-first,
 * so a parent is always the latest HL of its level: only those are kept (with every HL id's
 * level, to name a misplaced parent), not every subscriber of a 100,000-claim transaction.
 */
export class Transaction {
  readonly #ctx: ElementContext & { controlNumber: string };
  readonly #levels = new Map<string, Hl['level']>();
  readonly #latest = new Map<Hl['level'], { id: string; hl: Hl }>();
  #closed: ReadClaim[] = [];
  #hl?: Hl;
  #entity: Entity = 'other';
  #open?: OpenClaim;

  constructor(st: Segment, ctx: ElementContext, private readonly composites: CompositeReader) {
    // ST01 and the implementation guide (GS08/ST03) were checked by the envelope checker.
    this.#ctx = { file: ctx.file, controlNumber: ctx.controlNumber ?? '' };
  }

  /** The claims this segment closed. */
  push(seg: Segment): ReadClaim[] {
    this.#closed = NONE;
    this.#read(seg);
    return this.#closed;
  }

  #read(seg: Segment): void {
    switch (seg.tag) {
      case 'HL': return this.#onHl(seg);
      case 'NM1': return this.#onNm1(seg);
      case 'N3': return this.#onAddress(seg, addressLines);
      case 'N4': return this.#onAddress(seg, cityStateZip);
      case 'DMG': return this.#onDmg(seg);
      case 'REF': return this.#onRef(seg);
      case 'SBR': return this.#onSbr(seg);
      case 'PAT': if (this.#hl?.level === '23' && !this.#open) this.#hl.patient.relationship = optional(seg, 1); return;
      case 'CLM': return this.#onClm(seg);
      case 'DTP': return this.#onDtp(seg);
      case 'HI': return this.#onHi(seg);
      case 'LX': return this.#onLx(seg);
      case 'SV1': return this.#onSv1(seg);
      default: return; // 2310x providers, 2320/2330 COB, SVD, CAS, AMT...: not needed here.
    }
  }

  finish(): ReadClaim[] {
    this.#closed = NONE;
    this.#closeClaim();
    return this.#closed;
  }

  #onHl(seg: Segment): void {
    this.#closeClaim();
    const id = required(seg, 1, this.#ctx, 'hierarchical id');
    const parentId = optional(seg, 2);
    const level = required(seg, 3, this.#ctx, 'hierarchical level code');
    const parent = parentId === undefined ? undefined : this.#parent(seg, parentId);
    let hl: Hl;
    if (level === '20') {
      hl = { level, billing: { provider: {}, position: seg.position } };
    } else if (level === '22') {
      if (parent?.level !== '20') throw this.#error(seg, 'hl-parent', 'HL02', 'a subscriber HL (22) must have a billing provider HL (20) as parent');
      hl = { level, subscriber: { billing: parent.billing, position: seg.position, subscriber: {} } };
    } else if (level === '23') {
      if (parent?.level !== '22') throw this.#error(seg, 'hl-parent', 'HL02', 'a patient HL (23) must have a subscriber HL (22) as parent');
      hl = { level, patient: { subscriber: parent.subscriber, patient: {} } };
    } else {
      throw this.#error(seg, 'hl-level', 'HL03', 'HL03 (hierarchical level) is not 20, 22 or 23');
    }
    if (this.#levels.has(id)) throw this.#error(seg, 'hl-id', 'HL01', 'HL01 (hierarchical id) is used twice in the transaction');
    this.#levels.set(id, hl.level);
    this.#latest.set(hl.level, { id, hl });
    this.#hl = hl;
    this.#entity = 'other';
  }

  #onNm1(seg: Segment): void {
    this.#entity = 'other';
    if (this.#open || !this.#hl) return; // 2310x / 2330x names, submitter and receiver
    const code = optional(seg, 1);
    const hl = this.#hl;
    if (code === '85' && hl.level === '20') {
      hl.billing.provider.name = organisationName(seg, this.#ctx, 'billing provider name');
      hl.billing.provider.npi = identifier(seg, this.#ctx, 'billing provider NPI', ['XX']);
      this.#entity = 'billing';
    } else if (code === 'IL' && hl.level === '22') {
      hl.subscriber.subscriber.name = personName(seg, this.#ctx, 'subscriber');
      hl.subscriber.subscriber.memberId = identifier(seg, this.#ctx, 'subscriber member id', ['MI', 'II']);
      this.#entity = 'subscriber';
    } else if (code === 'PR' && hl.level === '22') {
      hl.subscriber.payer = { payerId: identifier(seg, this.#ctx, 'payer id', ['PI', 'XV']), name: optional(seg, 3) ?? '' };
    } else if (code === 'QC' && hl.level === '23') {
      hl.patient.patient.name = personName(seg, this.#ctx, 'patient');
      this.#entity = 'patient';
    }
  }

  #onAddress(seg: Segment, apply: (seg: Segment, address: Partial<PostalAddress>, ctx: ElementContext) => void): void {
    const target = this.#entityHolder();
    if (target) apply(seg, (target.address ??= {}), this.#ctx);
  }

  #onDmg(seg: Segment): void {
    if (this.#entity === 'subscriber' && this.#hl?.level === '22') Object.assign(this.#hl.subscriber.subscriber, demographics(seg, this.#ctx));
    if (this.#entity === 'patient' && this.#hl?.level === '23') Object.assign(this.#hl.patient.patient, demographics(seg, this.#ctx));
  }

  #onRef(seg: Segment): void {
    const qualifier = optional(seg, 1);
    const open = this.#open;
    if (!open) {
      if (qualifier === 'EI' && this.#hl?.level === '20') this.#hl.billing.provider.taxId = required(seg, 2, this.#ctx, 'billing provider tax id');
      return;
    }
    if (open.line) {
      if (qualifier === '6R') open.line.lineControlNumber = required(seg, 2, this.#ctx, 'line item control number');
    } else if (qualifier === 'F8' && !open.inOtherSubscriber) {
      open.claim.payerClaimNumber = required(seg, 2, this.#ctx, 'payer claim control number');
    }
  }

  #onSbr(seg: Segment): void {
    if (this.#open) {
      if (!this.#open.line) this.#open.inOtherSubscriber = true; // 2320 other subscriber: COB data we do not keep
      return;
    }
    if (this.#hl?.level !== '22') return;
    const subscriber = this.#hl.subscriber.subscriber;
    subscriber.payerRank = required(seg, 1, this.#ctx, 'payer responsibility sequence');
    subscriber.relationship = optional(seg, 2) ?? '';
    const group = optional(seg, 3);
    const filing = optional(seg, 9);
    if (group !== undefined) subscriber.groupNumber = group;
    if (filing !== undefined) subscriber.claimFilingIndicator = filing;
  }

  #onClm(seg: Segment): void {
    this.#closeClaim();
    this.#entity = 'other';
    const hl = this.#hl;
    const sub = hl?.level === '22' ? hl.subscriber : hl?.level === '23' ? hl.patient.subscriber : undefined;
    if (!hl || !sub) throw this.#error(seg, 'claim-outside-hierarchy', undefined, 'a CLM must follow a subscriber (22) or patient (23) HL');
    const clm = readClm(seg, this.composites, this.#ctx);
    const inClaim = { ...this.#ctx, controlNumber: clm.controlNumber };
    const billing = sub.billing.provider;
    if (!billing.npi || billing.name === undefined) {
      throw new X12Error({ ...inClaim, rule: 'required-segment', segment: 'CLM', position: seg.position,
        message: `billing provider HL at position ${sub.billing.position} has no NM1*85 billing provider name and NPI` });
    }
    if (!sub.payer) {
      throw new X12Error({ ...inClaim, rule: 'required-segment', segment: 'CLM', position: seg.position,
        message: `subscriber HL at position ${sub.position} has no NM1*PR payer` });
    }
    const s = sub.subscriber;
    if (s.memberId === undefined || s.name === undefined || s.payerRank === undefined) {
      throw new X12Error({ ...inClaim, rule: 'required-segment', segment: 'CLM', position: seg.position,
        message: `subscriber HL at position ${sub.position} lacks SBR or NM1*IL with a member id` });
    }
    // Copies, not the HL's own objects: the next claim of this subscriber starts from them again.
    const subscriber: Subscriber = { ...s, memberId: s.memberId, name: { ...s.name }, payerRank: s.payerRank, relationship: s.relationship ?? '' };
    const subscriberAddress = finishAddress(sub.address);
    if (subscriberAddress) subscriber.address = subscriberAddress;
    const billingProvider: BillingProvider = { npi: billing.npi, name: billing.name };
    if (billing.taxId !== undefined) billingProvider.taxId = billing.taxId;
    const billingAddress = finishAddress(sub.billing.address);
    if (billingAddress) billingProvider.address = billingAddress;
    const claim: Omit<Claim, 'lines'> = {
      ...clm, billingProvider, payer: { ...sub.payer }, subscriber, diagnoses: [],
    };
    if (hl.level === '23') {
      const p = hl.patient;
      if (!p.patient.name) {
        throw new X12Error({ ...inClaim, rule: 'required-segment', segment: 'CLM', position: seg.position, message: 'the patient HL (23) has no NM1*QC patient name' });
      }
      const patient: Patient = { ...p.patient, name: { ...p.patient.name } };
      const address = finishAddress(p.address);
      if (address) patient.address = address;
      claim.patient = patient;
      if (p.relationship !== undefined) subscriber.relationship = p.relationship;
    }
    this.#open = { claim, lines: [], source: { file: this.#ctx.file, transactionControlNumber: this.#ctx.controlNumber, clmSegmentIndex: seg.position }, inOtherSubscriber: false };
  }

  #onDtp(seg: Segment): void {
    const open = this.#open;
    if (!open || optional(seg, 1) !== '472') return;
    const ctx = { ...this.#ctx, controlNumber: open.claim.controlNumber };
    if (open.line) open.line.date = dateOrRange(seg, 2, 3, ctx);
    else if (!open.inOtherSubscriber) open.claim.serviceDate = dateOrRange(seg, 2, 3, ctx).start;
  }

  #onHi(seg: Segment): void {
    const open = this.#open;
    if (!open || open.line) throw this.#error(seg, 'segment-outside-claim', undefined, 'HI diagnoses must be in a claim (2300), before its service lines');
    open.claim.diagnoses.push(...readDiagnoses(seg, this.composites, { ...this.#ctx, controlNumber: open.claim.controlNumber }));
  }

  #onLx(seg: Segment): void {
    const open = this.#open;
    if (!open) throw this.#error(seg, 'line-outside-claim', undefined, 'a service line (LX) appears outside a claim (no CLM before it in this subscriber/patient loop)');
    this.#closeLine();
    const text = required(seg, 1, this.#ctx, 'line number');
    if (!/^\d+$/.test(text)) throw this.#error(seg, 'element-format', 'LX01', 'LX01 must be a whole number');
    open.line = { lineNumber: Number(text), position: seg.position };
    open.inOtherSubscriber = false;
  }

  #onSv1(seg: Segment): void {
    const line = this.#open?.line;
    if (!this.#open || !line) throw this.#error(seg, 'line-outside-claim', undefined, 'SV1 must follow an LX inside a claim');
    if (line.sv1) throw this.#error(seg, 'duplicate-segment', undefined, `service line ${line.lineNumber} has a second SV1`);
    line.sv1 = readSv1(seg, this.composites, { ...this.#ctx, controlNumber: this.#open.claim.controlNumber });
  }

  #closeLine(): void {
    const open = this.#open;
    const line = open?.line;
    if (!open || !line) return;
    open.line = undefined;
    const at = { ...this.#ctx, controlNumber: open.claim.controlNumber, segment: 'LX', position: line.position };
    if (!line.sv1) throw new X12Error({ ...at, rule: 'required-segment', message: `service line ${line.lineNumber} has no SV1` });
    const start = line.date?.start ?? open.claim.serviceDate;
    if (!start) throw new X12Error({ ...at, rule: 'required-segment', message: `service line ${line.lineNumber} has no DTP*472 service date and the claim has none` });
    const serviceLine: ServiceLine = { lineNumber: line.lineNumber, ...line.sv1, serviceDate: start };
    if (line.date?.end) serviceLine.serviceDateEnd = line.date.end;
    if (line.lineControlNumber !== undefined) serviceLine.lineControlNumber = line.lineControlNumber;
    open.lines.push(serviceLine);
  }

  #closeClaim(): void {
    this.#closeLine();
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    if (open.lines.length === 0) {
      throw new X12Error({ ...this.#ctx, controlNumber: open.claim.controlNumber, rule: 'claim-without-lines', segment: 'CLM', position: open.source.clmSegmentIndex,
        element: 'LX', message: 'the claim has no service lines (LX/SV1)' });
    }
    const claim = { claim: { ...open.claim, lines: open.lines }, source: open.source };
    this.#closed = this.#closed === NONE ? [claim] : [...this.#closed, claim];
  }

  /** HL02's parent: the latest HL of its level, or undefined when HL02 names no HL before it. */
  #parent(seg: Segment, parentId: string): Hl | undefined {
    const level = this.#levels.get(parentId);
    if (level === undefined) return undefined;
    const latest = this.#latest.get(level)!;
    if (latest.id !== parentId) {
      throw this.#error(seg, 'hl-parent', 'HL02', `HL02 names an earlier HL (${level}) that another HL of its level has followed; HLs must nest in order`);
    }
    return latest.hl;
  }

  #entityHolder(): { address?: Partial<PostalAddress> } | undefined {
    const hl = this.#hl;
    if (this.#open || !hl) return undefined;
    if (this.#entity === 'billing' && hl.level === '20') return hl.billing;
    if (this.#entity === 'subscriber' && hl.level === '22') return hl.subscriber;
    if (this.#entity === 'patient' && hl.level === '23') return hl.patient;
    return undefined;
  }

  #error(seg: Segment, rule: string, element: string | undefined, message: string): X12Error {
    return new X12Error({ ...this.#ctx, rule, segment: seg.tag, position: seg.position, element, message });
  }
}

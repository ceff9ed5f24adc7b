// Segment-at-a-time 835 state machine: fed tokenized segments in file order, it emits each
// transaction's header, each claim (once complete and balanced) and a transaction summary at SE.
// It holds one claim at a time, so in-memory and streaming readers share it and memory stays bounded.
import { EnvelopeChecker } from '../x12/envelope.js';
import type { Segment } from '../x12/segments.js';
import { checkClaimBalancing, checkTransactionBalancing } from './balancing.js';
import { applyClaimDetail, applyLineDetail, DETAIL_TAGS } from './era-details.js';
import {
  CompositeReader, compositeSeparatorsOf, type CompositeSeparators, type ElementContext, elementError, optional,
} from '../x12/x12-elements.js';
import { readBpr, readCas, readClp, readDtm, readPlb, readSvc, readTrn } from './era-segments.js';
import type {
  EraWarning, ProviderAdjustment, RemittanceClaim, RemittanceHeader, RemittancePayee, RemittancePayer, RemittancePayment,
  RemittanceTransactionSummary, ServiceLine,
} from './remittance.js';

export type EraEvent =
  | { type: 'header'; header: RemittanceHeader }
  | { type: 'claim'; header: RemittanceHeader; claim: RemittanceClaim }
  | { type: 'transaction'; summary: RemittanceTransactionSummary };

export interface EraAssemblerOptions {
  file?: string;
  /** Read without the balancing rules, e.g. to show a quarantined file. Never for posting. */
  skipBalancing?: boolean;
}

type Loop = 'header' | 'payer' | 'payee' | 'detail' | 'claim' | 'line' | 'adjustments';

interface OpenTransaction {
  controlNumber: string;
  position: number;
  loop: Loop;
  payment?: RemittancePayment;
  trace?: ReturnType<typeof readTrn>;
  productionDate?: string;
  payer?: RemittancePayer;
  payee?: RemittancePayee;
  header?: RemittanceHeader;
  claim?: RemittanceClaim;
  line?: ServiceLine;
  claimCount: number;
  claimPaidCents: number;
  providerAdjustments: ProviderAdjustment[];
  warnings: EraWarning[];
  warn: (warning: EraWarning) => void;
  composites: CompositeReader;
}

const NO_EVENTS: readonly EraEvent[] = Object.freeze([]);

export class EraAssembler {
  readonly #options: EraAssemblerOptions;
  readonly #envelope: EnvelopeChecker;
  #separators: CompositeSeparators = { component: ':', repetition: '' };
  #interchangeControlNumber = '';
  #groupControlNumber = '';
  #version = '';
  #tx?: OpenTransaction;

  constructor(options: EraAssemblerOptions = {}) {
    this.#options = options;
    this.#envelope = new EnvelopeChecker(['835'], options.file);
  }

  /** Feeds the next segment; returns what it completed (usually nothing). */
  push(seg: Segment): readonly EraEvent[] {
    this.#envelope.push(seg);
    switch (seg.tag) {
      case 'ISA':
        this.#interchangeControlNumber = (seg.elements[13] ?? '').trim();
        this.#separators = compositeSeparatorsOf(seg);
        return NO_EVENTS;
      case 'GS':
        this.#groupControlNumber = (seg.elements[6] ?? '').trim();
        this.#version = (seg.elements[8] ?? '').trim();
        return NO_EVENTS;
      case 'ST':
        this.#startTransaction(seg);
        return NO_EVENTS;
      case 'SE':
        return this.#endTransaction(seg);
      case 'GE':
      case 'IEA':
        return NO_EVENTS;
      default:
        return this.#body(seg, this.#tx as OpenTransaction); // the envelope checker guarantees an open ST
    }
  }

  /** Call after the last segment: a file cut short is an error. */
  end(): void {
    this.#envelope.end();
  }

  #startTransaction(seg: Segment): void {
    const controlNumber = (seg.elements[2] ?? '').trim();
    // ST01 and the implementation guide (GS08/ST03) were checked by the envelope checker.
    const warnings: EraWarning[] = [];
    const seen = new Set<string>();
    // One warning per rule and element is enough to tell people what is off in a transaction.
    const warn = (warning: EraWarning): void => {
      const key = `${warning.rule}/${warning.segment}/${warning.element ?? ''}`;
      if (!seen.has(key)) warnings.push(warning);
      seen.add(key);
    };
    this.#tx = {
      controlNumber, position: seg.position, loop: 'header', claimCount: 0, claimPaidCents: 0, providerAdjustments: [],
      warnings, warn, composites: new CompositeReader(this.#separators, warn),
    };
  }

  #ctx(tx: OpenTransaction): ElementContext {
    return { file: this.#options.file, controlNumber: tx.controlNumber, claim: tx.claim?.controlNumber, warn: tx.warn };
  }

  #body(seg: Segment, tx: OpenTransaction): readonly EraEvent[] {
    const ctx = this.#ctx(tx);
    if (!tx.payment && seg.tag !== 'BPR') {
      throw elementError(ctx, seg, 'segment-order', 'BPR (financial information) must be the first segment after ST');
    }
    switch (seg.tag) {
      case 'BPR':
        if (tx.payment) throw elementError(ctx, seg, 'segment-order', 'a transaction has only one BPR');
        tx.payment = readBpr(seg, ctx);
        return NO_EVENTS;
      case 'TRN':
        if (tx.loop === 'header') tx.trace = readTrn(seg, ctx);
        return NO_EVENTS;
      case 'N1':
        return this.#party(seg, tx, ctx);
      case 'LX':
        this.#noMoreClaimsCheck(seg, tx, ctx);
        return this.#closeClaim(seg, tx, 'detail');
      case 'CLP': {
        this.#noMoreClaimsCheck(seg, tx, ctx);
        const events = this.#closeClaim(seg, tx, 'claim');
        tx.claim = readClp(seg, { ...ctx, claim: undefined }, tx.claimCount + 1);
        return events;
      }
      case 'CAS':
        this.#adjustment(seg, tx, ctx);
        return NO_EVENTS;
      case 'SVC': {
        const claim = this.#requireClaim(seg, tx, ctx);
        tx.line = readSvc(seg, ctx, claim.lines.length + 1, tx.composites);
        claim.lines.push(tx.line);
        tx.loop = 'line';
        return NO_EVENTS;
      }
      case 'PLB': {
        const events = tx.loop === 'adjustments' ? NO_EVENTS : this.#closeClaim(seg, tx, 'adjustments');
        const first = tx.providerAdjustments.length + 1;
        tx.providerAdjustments.push(...readPlb(seg, { ...ctx, claim: undefined }, first, tx.composites));
        return events;
      }
      default:
        if (DETAIL_TAGS.has(seg.tag)) this.#detail(seg, tx, ctx);
        return NO_EVENTS; // N3, N4, PER, TS3, TS2, QTY, CUR, RDM ...: not needed for posting
    }
  }

  #party(seg: Segment, tx: OpenTransaction, ctx: ElementContext): readonly EraEvent[] {
    const role = optional(seg, 1);
    if (tx.loop !== 'header' && tx.loop !== 'payer' && tx.loop !== 'payee') return NO_EVENTS;
    const party = { name: optional(seg, 2), idQualifier: optional(seg, 3), id: optional(seg, 4) };
    if (role === 'PR') {
      tx.payer = { ...party };
      tx.loop = 'payer';
    } else if (role === 'PE') {
      if (!tx.payer) throw elementError(ctx, seg, 'segment-order', 'the payer (N1*PR) must come before the payee (N1*PE)');
      tx.payee = {
        ...party,
        npi: party.idQualifier === 'XX' ? party.id : undefined,
        taxId: party.idQualifier === 'FI' ? party.id : undefined,
      };
      tx.loop = 'payee';
    }
    return NO_EVENTS;
  }

  #detail(seg: Segment, tx: OpenTransaction, ctx: ElementContext): void {
    if (tx.loop === 'claim' && tx.claim) return applyClaimDetail(seg, tx.claim, ctx);
    if (tx.loop === 'line' && tx.line) return applyLineDetail(seg, tx.line, ctx);
    const qualifier = optional(seg, 1);
    if (seg.tag === 'DTM' && tx.loop === 'header' && qualifier === '405') tx.productionDate = readDtm(seg, ctx).date;
    else if (seg.tag === 'REF' && tx.loop === 'payer' && qualifier === '2U' && tx.payer) tx.payer.payerId = optional(seg, 2);
    else if (seg.tag === 'REF' && tx.loop === 'payee' && qualifier === 'TJ' && tx.payee) tx.payee.taxId = optional(seg, 2);
  }

  #adjustment(seg: Segment, tx: OpenTransaction, ctx: ElementContext): void {
    const claim = this.#requireClaim(seg, tx, ctx);
    const target = tx.loop === 'line' && tx.line ? tx.line.adjustments : claim.adjustments;
    const casSequence = (target.at(-1)?.casSequence ?? 0) + 1;
    target.push(...readCas(seg, ctx, casSequence));
  }

  #requireClaim(seg: Segment, tx: OpenTransaction, ctx: ElementContext): RemittanceClaim {
    if ((tx.loop !== 'claim' && tx.loop !== 'line') || !tx.claim) {
      throw elementError(ctx, seg, 'segment-order', `${seg.tag} appears outside a claim (no CLP before it)`);
    }
    return tx.claim;
  }

  #noMoreClaimsCheck(seg: Segment, tx: OpenTransaction, ctx: ElementContext): void {
    if (tx.loop === 'adjustments') {
      throw elementError(ctx, seg, 'segment-order', `${seg.tag} appears after PLB: provider adjustments close the transaction`);
    }
  }

  /** Ends the open claim (balancing it), makes sure the header is complete, and moves to `next`. */
  #closeClaim(seg: Segment, tx: OpenTransaction, next: Loop): EraEvent[] {
    const events: EraEvent[] = [];
    const header = this.#completeHeader(seg, tx, events);
    const claim = tx.claim;
    if (claim) {
      if (!this.#options.skipBalancing) checkClaimBalancing(claim, { file: this.#options.file, controlNumber: tx.controlNumber });
      tx.claimCount += 1;
      tx.claimPaidCents += claim.paidCents;
      events.push({ type: 'claim', header, claim });
    }
    tx.claim = undefined;
    tx.line = undefined;
    tx.loop = next;
    return events;
  }

  #completeHeader(seg: Segment, tx: OpenTransaction, events: EraEvent[]): RemittanceHeader {
    if (tx.header) return tx.header;
    const ctx = this.#ctx(tx);
    const missing = (what: string) => elementError(ctx, seg, 'missing-segment', `${what} is missing before the first claim or the end of the transaction`);
    if (!tx.payment) throw missing('BPR (financial information)');
    if (!tx.trace) throw missing('TRN (reassociation trace number)');
    if (!tx.payer) throw missing('N1*PR (payer identification)');
    if (!tx.payee) throw missing('N1*PE (payee identification)');
    tx.header = {
      file: this.#options.file,
      interchangeControlNumber: this.#interchangeControlNumber,
      groupControlNumber: this.#groupControlNumber,
      version: this.#version,
      controlNumber: tx.controlNumber,
      position: tx.position,
      payment: tx.payment,
      ...tx.trace,
      productionDate: tx.productionDate,
      payer: tx.payer,
      payee: tx.payee,
      warnings: tx.warnings,
    };
    events.push({ type: 'header', header: tx.header });
    return tx.header;
  }

  #endTransaction(seg: Segment): readonly EraEvent[] {
    const tx = this.#tx as OpenTransaction;
    const events = this.#closeClaim(seg, tx, 'adjustments');
    const header = tx.header as RemittanceHeader;
    if (!this.#options.skipBalancing) {
      checkTransactionBalancing({
        file: this.#options.file, controlNumber: tx.controlNumber, payment: header.payment,
        claimPaidCents: tx.claimPaidCents, providerAdjustments: tx.providerAdjustments,
      });
    }
    events.push({
      type: 'transaction',
      summary: { ...header, providerAdjustments: tx.providerAdjustments, claimCount: tx.claimCount, claimPaidCents: tx.claimPaidCents },
    });
    this.#tx = undefined;
    return events;
  }
}

// Incremental ISA/GS/ST envelope checks (nesting, counts, control numbers, truncation, and which
// implementation guide GS08/ST03 name), fed one segment at a time so every reader (837P, 835,
// acknowledgments) and the intake's first look at a file share one implementation.
import {
  describeKind, describeKinds, implementationGuideOf, otherGuideName, type ImplementationGuide, type X12FileKind,
} from './implementation-guides.js';
import type { Segment } from './segments.js';
import { X12Error } from './x12-error.js';

interface OpenInterchange { controlNumber: string; position: number; groups: number }
interface OpenGroup { controlNumber: string; position: number; transactions: number; guide: ImplementationGuide }
interface OpenTransaction { controlNumber: string; position: number; segments: number }

export class EnvelopeChecker {
  #interchange?: OpenInterchange;
  #group?: OpenGroup;
  #transaction?: OpenTransaction;
  #lastPosition = 0;
  #interchanges = 0;
  #transactions = 0;
  #kind?: X12FileKind;

  /**
   * @param reads the kinds of file the reader reads: a group (GS08) or TA1 of another kind is
   *   refused at once, naming what the file is and what was expected.
   * @param file how errors name the file: in jobs, the stored file's id (never the sender's name).
   */
  constructor(readonly reads: readonly X12FileKind[], readonly file?: string) {}

  /** The kind of the latest functional group (GS08) or TA1 read, once one has been. */
  get kind(): X12FileKind | undefined { return this.#kind; }

  get interchanges(): number { return this.#interchanges; }
  get transactions(): number { return this.#transactions; }
  /** ST02 of the open transaction set, if any. */
  get transactionControlNumber(): string | undefined { return this.#transaction?.controlNumber; }
  get groupControlNumber(): string | undefined { return this.#group?.controlNumber; }
  get interchangeControlNumber(): string | undefined { return this.#interchange?.controlNumber; }

  push(seg: Segment): void {
    this.#lastPosition = seg.position;
    switch (seg.tag) {
      case 'ISA': return this.#isa(seg);
      case 'GS': return this.#gs(seg);
      case 'ST': return this.#st(seg);
      case 'SE': return this.#se(seg);
      case 'GE': return this.#ge(seg);
      case 'IEA': return this.#iea(seg);
      default: return this.#body(seg);
    }
  }

  /** Call after the last segment: anything still open means the file was cut short. */
  end(): void {
    const at = { position: this.#lastPosition, file: this.file };
    if (this.#transaction) {
      throw this.#error({ ...at, rule: 'truncated', segment: 'SE', controlNumber: this.#transaction.controlNumber,
        message: `the file ends inside transaction set ${this.#transaction.controlNumber} (started at position ${this.#transaction.position}): SE, GE and IEA are missing` });
    }
    if (this.#group) {
      throw this.#error({ ...at, rule: 'truncated', segment: 'GE', controlNumber: this.#group.controlNumber,
        message: `the file ends inside functional group ${this.#group.controlNumber}: GE and IEA are missing` });
    }
    if (this.#interchange) {
      throw this.#error({ ...at, rule: 'truncated', segment: 'IEA', controlNumber: this.#interchange.controlNumber,
        message: `the file ends inside interchange ${this.#interchange.controlNumber}: IEA is missing` });
    }
    if (this.#interchanges === 0) {
      throw this.#error({ ...at, rule: 'isa', message: 'the file has no interchange (ISA)' });
    }
  }

  #isa(seg: Segment): void {
    if (this.#interchange) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'ISA', position: seg.position, controlNumber: this.#interchange.controlNumber,
        message: `a new ISA starts before interchange ${this.#interchange.controlNumber} was closed by an IEA` });
    }
    const controlNumber = (seg.elements[13] ?? '').trim();
    if (!/^\d{1,9}$/.test(controlNumber)) {
      throw this.#error({ rule: 'control-number', segment: 'ISA', position: seg.position, element: 'ISA13', message: 'ISA13 interchange control number must be 9 digits' });
    }
    this.#interchange = { controlNumber, position: seg.position, groups: 0 };
    this.#interchanges += 1;
  }

  #gs(seg: Segment): void {
    const isa = this.#requireInterchange(seg);
    if (this.#group) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'GS', position: seg.position, controlNumber: this.#group.controlNumber,
        message: `a new GS starts before functional group ${this.#group.controlNumber} was closed by a GE` });
    }
    const controlNumber = this.#required(seg, 6, 'GS06 group control number');
    const version = this.#required(seg, 8, 'GS08 version (implementation guide)');
    const guide = implementationGuideOf(version);
    if (!guide || !this.reads.includes(guide.kind)) {
      throw this.#error({ rule: 'implementation-guide', segment: 'GS', position: seg.position, element: 'GS08', controlNumber,
        message: `GS08 names ${guide ? `${describeKind(guide.kind)}, which is not read here` : unreadGuide(version)}; expected ${describeKinds(this.reads)}` });
    }
    this.#group = { controlNumber, position: seg.position, transactions: 0, guide };
    this.#kind = guide.kind;
    isa.groups += 1;
  }

  #st(seg: Segment): void {
    if (this.#transaction) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'ST', position: seg.position, controlNumber: this.#transaction.controlNumber,
        message: `a new ST starts before transaction set ${this.#transaction.controlNumber} was closed by an SE` });
    }
    if (!this.#group) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'ST', position: seg.position,
        message: 'an ST appears outside a functional group (no open GS)' });
    }
    const controlNumber = this.#required(seg, 2, 'ST02 transaction set control number');
    const { guide } = this.#group;
    const type = (seg.elements[1] ?? '').trim();
    if (type !== guide.transactionSet) {
      throw this.#error({ rule: 'transaction-type', segment: 'ST', position: seg.position, element: 'ST01', controlNumber,
        message: `ST01 ${codeOrUnreadable(type, TRANSACTION_SET_SHAPE)} does not match GS08, which names ${describeKind(guide.kind)}: its transaction sets are ${guide.transactionSet}` });
    }
    // ST03 is required in 5010; absent (older senders), the group's GS08 stands for it.
    const version = (seg.elements[3] ?? '').trim();
    if (version !== '' && implementationGuideOf(version) !== guide) {
      throw this.#error({ rule: 'implementation-guide', segment: 'ST', position: seg.position, element: 'ST03', controlNumber,
        message: `ST03 names ${guideLabel(version)} but GS08 names ${guide.guide}: a transaction set must follow its group's implementation guide` });
    }
    this.#transaction = { controlNumber, position: seg.position, segments: 1 };
    this.#group.transactions += 1;
    this.#transactions += 1;
  }

  #se(seg: Segment): void {
    const st = this.#transaction;
    if (!st) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'SE', position: seg.position, message: 'an SE appears with no open transaction set (ST)' });
    }
    st.segments += 1;
    const count = this.#count(seg, 1, 'SE01', st.controlNumber);
    if (count !== st.segments) {
      throw this.#error({ rule: 'se-count', segment: 'SE', position: seg.position, element: 'SE01', controlNumber: st.controlNumber,
        message: `SE01 says ${count} segments but transaction set ${st.controlNumber} has ${st.segments} from ST to SE inclusive` });
    }
    const closing = (seg.elements[2] ?? '').trim();
    if (closing !== st.controlNumber) {
      throw this.#error({ rule: 'se-control', segment: 'SE', position: seg.position, element: 'SE02', controlNumber: st.controlNumber,
        message: `SE02 control number ${closing || '(empty)'} does not match ST02 ${st.controlNumber}` });
    }
    this.#transaction = undefined;
  }

  #ge(seg: Segment): void {
    if (this.#transaction) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'GE', position: seg.position, controlNumber: this.#transaction.controlNumber,
        message: `GE appears while transaction set ${this.#transaction.controlNumber} is still open: its SE is missing` });
    }
    const gs = this.#group;
    if (!gs) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'GE', position: seg.position, message: 'a GE appears with no open functional group (GS)' });
    }
    const count = this.#count(seg, 1, 'GE01', gs.controlNumber);
    if (count !== gs.transactions) {
      throw this.#error({ rule: 'ge-count', segment: 'GE', position: seg.position, element: 'GE01', controlNumber: gs.controlNumber,
        message: `GE01 says ${count} transaction sets but functional group ${gs.controlNumber} has ${gs.transactions}` });
    }
    const closing = (seg.elements[2] ?? '').trim();
    if (!sameControlNumber(closing, gs.controlNumber)) {
      throw this.#error({ rule: 'ge-control', segment: 'GE', position: seg.position, element: 'GE02', controlNumber: gs.controlNumber,
        message: `GE02 control number ${closing || '(empty)'} does not match GS06 ${gs.controlNumber}` });
    }
    this.#group = undefined;
  }

  #iea(seg: Segment): void {
    if (this.#group) {
      throw this.#error({ rule: 'envelope-nesting', segment: 'IEA', position: seg.position, controlNumber: this.#group.controlNumber,
        message: `IEA appears while functional group ${this.#group.controlNumber} is still open: its GE is missing` });
    }
    const isa = this.#requireInterchange(seg);
    const count = this.#count(seg, 1, 'IEA01', isa.controlNumber);
    if (count !== isa.groups) {
      throw this.#error({ rule: 'iea-count', segment: 'IEA', position: seg.position, element: 'IEA01', controlNumber: isa.controlNumber,
        message: `IEA01 says ${count} functional groups but interchange ${isa.controlNumber} has ${isa.groups}` });
    }
    const closing = (seg.elements[2] ?? '').trim();
    if (!sameControlNumber(closing, isa.controlNumber)) {
      throw this.#error({ rule: 'iea-control', segment: 'IEA', position: seg.position, element: 'IEA02', controlNumber: isa.controlNumber,
        message: `IEA02 control number ${closing || '(empty)'} does not match ISA13 ${isa.controlNumber}` });
    }
    this.#interchange = undefined;
  }

  #body(seg: Segment): void {
    if (this.#transaction) {
      this.#transaction.segments += 1;
      return;
    }
    // TA1 is the one segment that lives directly in an interchange.
    if (seg.tag === 'TA1' && this.#interchange && !this.#group) {
      if (!this.reads.includes('TA1')) {
        throw this.#error({ rule: 'transaction-type', segment: 'TA1', position: seg.position, controlNumber: this.#interchange.controlNumber,
          message: `the interchange holds a TA1 interchange acknowledgment, which is not read here; expected ${describeKinds(this.reads)}` });
      }
      this.#kind = 'TA1';
      return;
    }
    throw this.#error({ rule: 'envelope-nesting', segment: seg.tag, position: seg.position,
      controlNumber: this.#group?.controlNumber ?? this.#interchange?.controlNumber,
      message: 'a data segment appears outside a transaction set (not between ST and SE)' });
  }

  #requireInterchange(seg: Segment): OpenInterchange {
    if (!this.#interchange) {
      throw this.#error({ rule: 'envelope-nesting', segment: seg.tag, position: seg.position, message: `${seg.tag} appears outside an interchange (no open ISA)` });
    }
    return this.#interchange;
  }

  #required(seg: Segment, n: number, what: string): string {
    const value = (seg.elements[n] ?? '').trim();
    if (value === '') {
      throw this.#error({ rule: 'required-element', segment: seg.tag, position: seg.position,
        element: `${seg.tag}${String(n).padStart(2, '0')}`, message: `${what} is missing` });
    }
    return value;
  }

  #count(seg: Segment, n: number, element: string, controlNumber: string): number {
    const text = (seg.elements[n] ?? '').trim();
    if (!/^\d+$/.test(text)) {
      throw this.#error({ rule: 'count-format', segment: seg.tag, position: seg.position, element, controlNumber,
        message: `${element} must be a whole number` });
    }
    return Number(text);
  }

  #error(detail: ConstructorParameters<typeof X12Error>[0]): X12Error {
    return new X12Error({ file: this.file, ...detail });
  }
}

// Envelope codes are echoed only when they have the shape of one (a version is 6 digits and an
// implementation guide id, a transaction set id 3 digits): whatever else a sender put there (a
// shifted element, a name) stays out of the message.
const VERSION_SHAPE = /^\d{6}[A-Z0-9]{0,6}$/;
const TRANSACTION_SET_SHAPE = /^\d{3}$/;

function codeOrUnreadable(value: string, shape = VERSION_SHAPE): string {
  return shape.test(value) ? value : value === '' ? '(empty)' : '(not a code)';
}

/** "005010X212 (277 claim status response)", "005010X222A1 (837P)", or the bare code when nobody here knows it. */
function guideLabel(version: string): string {
  const known = implementationGuideOf(version);
  const name = known ? known.kind : otherGuideName(version);
  const code = codeOrUnreadable(version);
  return name ? `${code} (${name})` : code;
}

/** Why a GS08 that names no guide this engine reads is refused, for the message. */
function unreadGuide(version: string): string {
  return otherGuideName(version)
    ? `${guideLabel(version)}, which is not read here`
    : `${codeOrUnreadable(version)}, an implementation guide this engine does not read`;
}

// Some senders drop the leading zeros of a control number in the trailer (GS06 '1', GE02 '0001').
function sameControlNumber(a: string, b: string): boolean {
  if (a === b) return true;
  return /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b);
}

// One error type for every X12 problem, so callers can quarantine a file and tell a biller
// exactly where it broke (file, segment, position, element, rule) without leaking PHI.
import { InputError } from '../input-error.js';

export interface X12ErrorDetail {
  /** Short stable rule id, e.g. 'se-count', 'required-element', 'amount'. */
  rule: string;
  /** Segment tag, e.g. 'CLM'. */
  segment?: string;
  /** 1-based index of the segment in the file. */
  position?: number;
  /** Element reference, e.g. 'CLM02' or 'CLM05-3'. */
  element?: string;
  /** The ISA/GS/ST control number (or CLM01) in scope; never a patient identifier. */
  controlNumber?: string;
  /**
   * How the message names the file ("file 42"): in jobs the stored edi_file id, never the name the
   * sender gave the file (job errors, job records and logs must not carry it).
   */
  file?: string;
  /** What is wrong. Must not contain element values that could be patient data. */
  message: string;
}

export class X12Error extends InputError {
  override name = 'X12Error';
  readonly rule: string;
  readonly segment?: string;
  readonly position?: number;
  readonly element?: string;
  readonly controlNumber?: string;
  readonly detail: string;
  #file?: string;

  constructor(detail: X12ErrorDetail) {
    super(X12Error.format(detail));
    this.rule = detail.rule;
    this.segment = detail.segment;
    this.position = detail.position;
    this.element = detail.element;
    this.controlNumber = detail.controlNumber;
    this.detail = detail.message;
    this.#file = detail.file;
  }

  /** Settable so a caller that knows the file (its id) can attach it after the fact. */
  get file(): string | undefined {
    return this.#file;
  }

  set file(file: string | undefined) {
    this.#file = file;
    this.message = X12Error.format({ ...this.toDetail(), file });
  }

  toDetail(): X12ErrorDetail {
    return {
      rule: this.rule,
      segment: this.segment,
      position: this.position,
      element: this.element,
      controlNumber: this.controlNumber,
      file: this.#file,
      message: this.detail,
    };
  }

  /** e.g. "file 42, segment SE at position 42, element SE01, control number 0021: SE01 ... [rule se-count]" */
  static format(d: X12ErrorDetail): string {
    const where: string[] = [];
    if (d.file) where.push(`file ${d.file}`);
    if (d.segment) where.push(d.position ? `segment ${d.segment} at position ${d.position}` : `segment ${d.segment}`);
    else if (d.position) where.push(`segment position ${d.position}`);
    if (d.element) where.push(`element ${d.element}`);
    if (d.controlNumber) where.push(`control number ${d.controlNumber}`);
    const prefix = where.length > 0 ? `${where.join(', ')}: ` : '';
    return `${prefix}${d.message} [rule ${d.rule}]`;
  }
}

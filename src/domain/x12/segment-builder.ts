// Builds outgoing X12 segments with our fixed separators and refuses any value that contains
// a separator, so a stray '*' or ':' in a name can never shift the elements of a claim.
import { X12Error } from './x12-error.js';

export const OUT = { element: '*', component: ':', repetition: '^', segment: '~' } as const;
const FORBIDDEN = /[*:^~\r\n]/;

/** An element is a plain value, a composite (array of components) or absent. */
export type OutElement = string | readonly (string | undefined)[] | undefined;

export class SegmentBuilder {
  readonly #segments: string[] = [];
  /** Claim control number currently being written, to name in errors. */
  controlNumber?: string;

  get count(): number {
    return this.#segments.length;
  }

  add(tag: string, ...elements: OutElement[]): void {
    const texts = elements.map((element, i) => this.#element(tag, i + 1, element));
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    this.#segments.push([tag, ...texts].join(OUT.element));
  }

  /** Adds a segment already formatted by the caller (the fixed-width ISA). */
  addRaw(text: string): void {
    this.#segments.push(text);
  }

  /** Segments terminated by '~' and a line feed, the layout our clearinghouses accept. */
  toString(): string {
    return this.#segments.map((s) => `${s}${OUT.segment}\n`).join('');
  }

  /** Count of segments added since (and including) the one at `index`. */
  countFrom(index: number): number {
    return this.#segments.length - index;
  }

  fail(rule: string, segment: string, element: string | undefined, message: string): never {
    throw new X12Error({ rule, segment, element, controlNumber: this.controlNumber, message });
  }

  #element(tag: string, n: number, element: OutElement): string {
    const name = `${tag}${String(n).padStart(2, '0')}`;
    if (element === undefined) return '';
    if (typeof element === 'string') return this.#value(tag, name, element);
    const parts = element.map((part, i) => (part === undefined ? '' : this.#value(tag, `${name}-${i + 1}`, part)));
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts.join(OUT.component);
  }

  #value(tag: string, name: string, value: string): string {
    if (FORBIDDEN.test(value)) {
      this.fail('write-separator', tag, name, `${name} contains a separator character (* : ^ ~ or a line break); it cannot be written`);
    }
    return value.trim();
  }
}

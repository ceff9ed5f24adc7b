// The X12 files this engine reads, each named by the implementation guide its GS08 (and ST03)
// declares. One table for the envelope check every reader runs and for the intake's first look
// at a file, so a file is read as what its envelope says it is, and as nothing else: a 277 claim
// status response (X212) shares ST01 277 with a 277CA (X214) but is not one.

/** The kinds of X12 file the engine reads; a TA1 lives in the interchange, outside any group. */
export type X12FileKind = '837P' | '835' | '999' | '277CA' | 'TA1';

export interface ImplementationGuide {
  kind: Exclude<X12FileKind, 'TA1'>;
  /** ST01 of its transaction sets. */
  transactionSet: string;
  /** GS08/ST03 as the HIPAA mandate names it. */
  guide: string;
}

// A guide id is accepted with or without its errata suffix (X222, X222A1, X222A2): senders and
// the public samples use all three, and the segments we read are the same in each.
const GUIDES: readonly ImplementationGuide[] = [
  { kind: '837P', transactionSet: '837', guide: '005010X222A1' },
  { kind: '835', transactionSet: '835', guide: '005010X221A1' },
  { kind: '999', transactionSet: '999', guide: '005010X231A1' },
  { kind: '277CA', transactionSet: '277', guide: '005010X214' },
];

// Guides that come through the same mailboxes but are not read here, named so that the error
// says what the file is rather than only what it is not.
const OTHER_GUIDES: Readonly<Record<string, string>> = {
  '005010X212': '277 claim status response',
  '005010X223': '837 institutional claim',
  '005010X224': '837 dental claim',
  '005010X279': '270/271 eligibility',
  '005010X220': '834 enrollment',
  '005010X218': '820 premium payment',
  '005010X217': '278 authorization',
};

/** The guide a GS08 or ST03 value names, if it is one the engine reads. */
export function implementationGuideOf(version: string): ImplementationGuide | undefined {
  const base = baseGuide(version);
  return GUIDES.find((g) => baseGuide(g.guide) === base);
}

export function guideOfKind(kind: Exclude<X12FileKind, 'TA1'>): ImplementationGuide {
  return GUIDES.find((g) => g.kind === kind)!;
}

/** "an 837P (005010X222A1)", "a TA1 interchange acknowledgment": for messages. */
export function describeKind(kind: X12FileKind): string {
  if (kind === 'TA1') return 'a TA1 interchange acknowledgment';
  return `${kind === '835' || kind === '837P' ? 'an' : 'a'} ${kind} (${guideOfKind(kind).guide})`;
}

/** What a version that is not read here is, when we know it ("277 claim status response"). */
export function otherGuideName(version: string): string | undefined {
  return OTHER_GUIDES[baseGuide(version)];
}

/** "an 837P (005010X222A1)" / "a 999 (005010X231A1), a 277CA (005010X214) or a TA1 ...". */
export function describeKinds(kinds: readonly X12FileKind[]): string {
  const named = kinds.map(describeKind);
  return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
}

function baseGuide(version: string): string {
  return version.trim().toUpperCase().replace(/A\d$/, '');
}

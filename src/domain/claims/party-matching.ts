// How an imported claim's people are recognised: a patient is the same person when the coverage
// matches (payer, member id) and so do the name and birth date. Pure: the parties repository
// finds and creates the rows, this decides which rows are the same person. PHI is compared in
// memory only and never logged.
import type { Claim, PostalAddress } from './claim.js';

export interface BilledPerson {
  /** The match key: payer, member id, name and birth date. */
  key: string;
  payerId: number;
  memberId: string;
  last: string;
  first: string | null;
  middle: string | null;
  birthDate: string | null;
  gender: string | null;
  address: Record<string, string> | null;
  groupNumber: string | null;
  rank: string;
  relationship: string;
}

/** The person a claim bills for (the patient, or the subscriber when they are the patient) under its payer row. */
export function billedPerson(claim: Claim, payerId: number): BilledPerson {
  const person = claim.patient ?? claim.subscriber;
  return {
    key: personKey(payerId, claim.subscriber.memberId, person.name.last, person.name.first, person.birthDate),
    payerId, memberId: claim.subscriber.memberId,
    last: person.name.last, first: person.name.first ?? null, middle: person.name.middle ?? null,
    birthDate: person.birthDate ?? null, gender: person.gender ?? null, address: addressOf(person.address),
    groupNumber: claim.subscriber.groupNumber ?? null, rank: claim.subscriber.payerRank.slice(0, 1),
    relationship: (claim.patient ? claim.subscriber.relationship : '18').slice(0, 2),
  };
}

export function personKey(payerId: number, memberId: string, last: string, first: string | undefined, birthDate: string | undefined): string {
  return [payerId, memberId, last.toUpperCase(), (first ?? '').toUpperCase(), birthDate ?? ''].join('|');
}

/** The first row of each key, in order. */
export function uniqueBy<T extends { key: string }>(rows: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) if (!seen.has(row.key)) seen.set(row.key, row);
  return [...seen.values()];
}

function addressOf(address: PostalAddress | undefined): Record<string, string> | null {
  return address ? { ...address } as Record<string, string> : null;
}

// Which claim a claim is. CLM01 is the billing provider's patient control number: unique for that
// provider, not across the world, and a practice bills the same encounter under one CLM01 to each
// payer (primary, then secondary). So a claim's identity is billing NPI + payer id + CLM01. Two
// claims with one identity are the same claim when their content fingerprint is equal (a
// duplicate); otherwise the second is a conflict, which a person decides. Pure: no I/O.
import { createHash } from 'node:crypto';
import type { FollowUpTaskInput } from '../tasks/follow-up.js';
import type { Claim, PersonName } from './claim.js';
import { filingDeadline } from './scrub/timely-filing.js';

/** The fingerprint's recipe version: a stored fingerprint of another version is recomputed, never compared. */
export const FINGERPRINT_VERSION = 'v1';

/** One part of the fingerprint per thing that can differ, so a conflict says what differs. */
export const CONFLICT_REASONS = ['PATIENT_DIFFERS', 'SERVICES_DIFFER', 'CHARGES_DIFFER', 'FREQUENCY_DIFFERS'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** A claim's identity: billing NPI (NM109 of NM1*85), X12 payer id (NM109 of NM1*PR), CLM01. */
export interface ClaimIdentity {
  npi: string;
  payerId: string;
  controlNumber: string;
}

export function identityOf(claim: Claim): ClaimIdentity {
  return { npi: claim.billingProvider.npi, payerId: claim.payer.payerId, controlNumber: claim.controlNumber };
}

/** The identity as one string (a map key); NUL cannot occur in X12 elements. */
export function identityKey(identity: ClaimIdentity): string {
  return `${identity.npi}\u0000${identity.payerId}\u0000${identity.controlNumber}`;
}

/**
 * What makes a claim the same claim, hashed: `v1:<patient>.<services>.<charges>.<frequency>`, each
 * part the first 16 hex digits of a SHA-256. Identity fields (NPI, payer, CLM01) are left out
 * (equal by definition), and so are references that change after import (REF*F8/1K payer claim
 * number, REF*6R line control numbers) and names of providers and payers. Names and ids are
 * compared trimmed and upper-cased, so a re-sent claim from another export matches. The hash
 * holds PHI in a form only Postgres keeps, next to the PHI itself; never log it.
 */
export function claimFingerprint(claim: Claim): string {
  const patient = claim.patient;
  const parts = [
    [claim.subscriber.memberId, person(claim.subscriber.name), claim.subscriber.birthDate, claim.subscriber.relationship,
      patient ? person(patient.name) : null, patient?.birthDate ?? null],
    [claim.placeOfService, claim.diagnoses.map((d) => `${d.qualifier}:${d.code}`),
      claim.lines.map((l) => [l.lineNumber, l.procedureQualifier, l.procedure, [...l.modifiers].sort(), l.units, l.unitBasis.slice(0, 2),
        l.serviceDate, l.serviceDateEnd ?? null, l.diagnosisPointers])],
    [claim.chargeCents, claim.lines.map((l) => l.chargeCents)],
    [claim.frequency],
  ];
  return `${FINGERPRINT_VERSION}:${parts.map((part) => hash(canonical(part))).join('.')}`;
}

/** Which parts differ between two fingerprints of the same version (all of them when the versions differ). */
export function fingerprintDifferences(a: string, b: string): ConflictReason[] {
  const [va, pa] = a.split(':');
  const [vb, pb] = b.split(':');
  if (va !== vb || !pa || !pb) return [...CONFLICT_REASONS];
  const partsA = pa.split('.');
  const partsB = pb.split('.');
  return CONFLICT_REASONS.filter((_, i) => partsA[i] !== partsB[i]);
}

/** Whether a stored fingerprint can be compared with ours (else recompute it from the stored claim). */
export function isCurrentFingerprint(fingerprint: string | null | undefined): fingerprint is string {
  return typeof fingerprint === 'string' && fingerprint.startsWith(`${FINGERPRINT_VERSION}:`);
}

/** A claim already known under an identity: stored, or earlier in the same file. */
export interface KnownClaim {
  claimId: number;
  fingerprint: string;
}

export type IdentityVerdict =
  | { kind: 'new' }
  | { kind: 'duplicate'; claimId: number }
  | { kind: 'conflict'; claimId: number; reasons: ConflictReason[] };

/** Same identity and same fingerprint: a duplicate; same identity, other content: a conflict. */
export function identityVerdict(fingerprint: string, known: KnownClaim | undefined): IdentityVerdict {
  if (!known) return { kind: 'new' };
  if (known.fingerprint === fingerprint) return { kind: 'duplicate', claimId: known.claimId };
  return { kind: 'conflict', claimId: known.claimId, reasons: fingerprintDifferences(fingerprint, known.fingerprint) };
}

/** The sentence a conflict is reported with: file id, position, CLM01 and the claim it collides with. No PHI. */
export function conflictMessage(c: { fileId: number; position: string; controlNumber: string; existingClaimId: number; reasons: readonly string[] }): string {
  return `file ${c.fileId}, ${c.position}: CLM01 ${c.controlNumber} is already claim ${c.existingClaimId} of this billing provider and payer, `
    + `with other content (${c.reasons.join(', ')}); not imported, a claim-conflict task is open`;
}

function person(name: PersonName): string[] {
  return [name.last, name.first ?? '', name.middle ?? ''].map(normal);
}

function normal(value: string): string {
  return value.trim().toUpperCase();
}

/** JSON with strings normalised; arrays keep their order (line order is part of the claim). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? normal(v) : v === undefined ? null : v));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A conflicting claim's task: the charge waits to be billed, so its filing deadline drives the priority. */
export function claimConflictTask(conflict: {
  conflictId: number; claim: Claim; reasons: readonly ConflictReason[]; payerDbId: number; timelyFilingDays: number;
}): FollowUpTaskInput {
  return {
    type: 'claim-conflict', subjectType: 'claim-conflict', subjectId: conflict.conflictId, reasonCodes: [...conflict.reasons],
    amountAtRiskCents: conflict.claim.chargeCents, deadline: filingDeadline(conflict.claim, conflict.timelyFilingDays) ?? null,
    payerId: conflict.payerDbId,
  };
}

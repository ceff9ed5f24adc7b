// Finds or creates the payers, billing providers, patients (with accounts) and coverages that a
// chunk of an imported file names, in bulk. One matcher serves a whole file, so the account
// numbers it gives new patients (F<file>-<n>) run on across chunks.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Claim } from '../../domain/claims/claim.js';
import { billedPerson, personKey, uniqueBy } from '../../domain/claims/party-matching.js';
import { resolvePayerRules, type PayerRulesTable } from '../../domain/claims/scrub/index.js';
import { PartiesRepository } from '../../db/repositories/parties.repository.js';

export interface ClaimParties {
  payerId: number;
  providerId: number;
  patientId: number;
  coverageId: number;
}

export class ClaimPartyMatcher {
  readonly #parties: PartiesRepository;
  #accounts = 0;

  constructor(em: EntityManager, private readonly fileId: number, private readonly payerRules: PayerRulesTable) {
    this.#parties = new PartiesRepository(em);
  }

  /** The parties of each claim, in the claims' order. */
  async match(claims: readonly Claim[]): Promise<ClaimParties[]> {
    const payers = await this.#parties.findOrCreatePayers(uniqueBy(claims.map((c) => ({
      key: c.payer.payerId, name: c.payer.name.slice(0, 120), timelyFilingDays: resolvePayerRules(c.payer.payerId, this.payerRules).timelyFilingDays,
    }))));
    const providers = await this.#parties.findOrCreateProviders(uniqueBy(claims.map((c) => ({
      key: c.billingProvider.npi, name: c.billingProvider.name.slice(0, 120), taxId: c.billingProvider.taxId ?? null,
    }))));
    const people = claims.map((c) => billedPerson(c, payers.get(c.payer.payerId)!));

    const known = new Map<string, { patientId: number; coverageId: number }>();
    const wanted = uniqueBy(people.map((p) => ({ key: `${p.payerId}|${p.memberId}`, payerId: p.payerId, memberId: p.memberId })));
    for (const row of await this.#parties.findCoverages(wanted)) {
      const key = personKey(row.payerId, row.memberId, row.last, row.first ?? undefined, row.birthDate ?? undefined);
      if (!known.has(key)) known.set(key, { patientId: row.patientId, coverageId: row.coverageId });
    }
    const missing = uniqueBy(people.filter((p) => !known.has(p.key)));
    if (missing.length > 0) {
      const created = await this.#parties.createPatients(missing.map((p) => ({ ...p, accountNumber: `F${this.fileId}-${++this.#accounts}` })));
      for (const [key, ids] of created) known.set(key, ids);
    }
    return claims.map((c, i) => ({ payerId: people[i].payerId, providerId: providers.get(c.billingProvider.npi)!, ...known.get(people[i].key)! }));
  }
}

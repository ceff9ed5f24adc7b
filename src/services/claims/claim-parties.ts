// Finds or creates the payers, billing providers, patients (with accounts) and coverages that
// an imported file names, in bulk. Patients are matched through their coverage: same payer,
// same member id, same name and birth date. PHI is compared here, in memory, and never logged.
import { resolvePayerRules } from '../../domain/claims/scrub/index.js';
import type { Claim, PostalAddress } from '../../domain/claims/claim.js';
import { json, slices, type Run } from '../../db/sql.js';

export interface ClaimParties {
  payerId: number;
  providerId: number;
  patientId: number;
  coverageId: number;
}

export async function matchParties(run: Run, fileId: number, claims: readonly Claim[]): Promise<ClaimParties[]> {
  const payers = await upsertByKey(run, 'payer', 'payer_id', uniqueBy(claims.map((c) => ({
    key: c.payer.payerId, name: c.payer.name.slice(0, 120), days: resolvePayerRules(c.payer.payerId).timelyFilingDays,
  }))), `insert into payer (payer_id, name, timely_filing_days, created_at)
      select r.key, r.name, r.days, now() from json_to_recordset(?::json) as r(key text, name text, days int)
      on conflict (payer_id) do nothing`);
  const providers = await upsertByKey(run, 'provider', 'npi', uniqueBy(claims.map((c) => ({
    key: c.billingProvider.npi, name: c.billingProvider.name.slice(0, 120), tax: c.billingProvider.taxId ?? null,
  }))), `insert into provider (npi, name, tax_id, created_at)
      select r.key, r.name, r.tax, now() from json_to_recordset(?::json) as r(key text, name text, tax text)
      on conflict (npi) do nothing`);

  const people = claims.map((c) => {
    const person = c.patient ?? c.subscriber;
    const payerId = payers.get(c.payer.payerId)!;
    return {
      key: personKey(payerId, c.subscriber.memberId, person.name.last, person.name.first, person.birthDate),
      payerId, memberId: c.subscriber.memberId, person, groupNumber: c.subscriber.groupNumber ?? null,
      rank: c.subscriber.payerRank.slice(0, 1), relationship: (c.patient ? c.subscriber.relationship : '18').slice(0, 2),
    };
  });
  const known = await knownCoverages(run, people);
  const missing = uniqueBy(people.filter((p) => !known.has(p.key)));
  if (missing.length > 0) {
    const rows = missing.map((p, n) => ({
      acct: `F${fileId}-${n + 1}`, last: p.person.name.last, first: p.person.name.first ?? null, middle: p.person.name.middle ?? null,
      dob: p.person.birthDate ?? null, gender: p.person.gender ?? null, address: addressOf(p.person.address),
      payer: p.payerId, member: p.memberId, grp: p.groupNumber, rank: p.rank, rel: p.relationship, key: p.key,
    }));
    for (const slice of slices(rows)) {
      const created = await run<{ key: string; patient_id: number; coverage_id: number }>(
        `with r as (select * from json_to_recordset(?::json) as r(acct text, last text, first text, middle text, dob date,
               gender text, address jsonb, payer int, member text, grp text, rank text, rel text, key text)),
             a as (insert into account (account_number, created_at) select acct, now() from r returning id, account_number),
             p as (insert into patient (account_id, last_name, first_name, middle_name, birth_date, gender, address, created_at)
                   select a.id, r.last, r.first, r.middle, r.dob, r.gender, r.address, now() from r join a on a.account_number = r.acct
                   returning id, account_id),
             c as (insert into coverage (patient_id, payer_id, member_id, group_number, rank, relationship, created_at)
                   select p.id, r.payer, r.member, r.grp, r.rank, r.rel, now() from r join a on a.account_number = r.acct join p on p.account_id = a.id
                   returning id, patient_id)
         select r.key, p.id as patient_id, c.id as coverage_id
         from r join a on a.account_number = r.acct join p on p.account_id = a.id join c on c.patient_id = p.id`,
        [json(slice)],
      );
      for (const row of created) known.set(row.key, { patientId: row.patient_id, coverageId: row.coverage_id });
    }
  }
  return claims.map((c, i) => {
    const match = known.get(people[i].key)!;
    return { payerId: people[i].payerId, providerId: providers.get(c.billingProvider.npi)!, ...match };
  });
}

async function upsertByKey(run: Run, table: string, column: string, rows: Array<{ key: string }>, insertSql: string): Promise<Map<string, number>> {
  await run(insertSql, [json(rows)]);
  const found = await run<{ id: number; key: string }>(
    `select id, ${column} as key from ${table} where ${column} in (select json_array_elements_text(?::json))`, [json(rows.map((r) => r.key))],
  );
  return new Map(found.map((r) => [r.key, r.id]));
}

async function knownCoverages(run: Run, people: Array<{ payerId: number; memberId: string }>): Promise<Map<string, { patientId: number; coverageId: number }>> {
  const wanted = uniqueBy(people.map((p) => ({ key: `${p.payerId}|${p.memberId}`, payer: p.payerId, member: p.memberId })));
  const known = new Map<string, { patientId: number; coverageId: number }>();
  for (const slice of slices(wanted)) {
    const rows = await run<{ coverage_id: number; patient_id: number; payer_id: number; member_id: string; last_name: string; first_name: string | null; birth_date: string | null }>(
      `select c.id as coverage_id, c.patient_id, c.payer_id, c.member_id, p.last_name, p.first_name, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date
       from json_to_recordset(?::json) as r(payer int, member text)
       join coverage c on c.payer_id = r.payer and c.member_id = r.member join patient p on p.id = c.patient_id`,
      [json(slice)],
    );
    for (const row of rows) {
      const key = personKey(row.payer_id, row.member_id, row.last_name, row.first_name ?? undefined, row.birth_date ?? undefined);
      if (!known.has(key)) known.set(key, { patientId: row.patient_id, coverageId: row.coverage_id });
    }
  }
  return known;
}

function personKey(payerId: number, memberId: string, last: string, first: string | undefined, birthDate: string | undefined): string {
  return [payerId, memberId, last.toUpperCase(), (first ?? '').toUpperCase(), birthDate ?? ''].join('|');
}

function addressOf(address: PostalAddress | undefined): Record<string, string> | null {
  return address ? { ...address } as Record<string, string> : null;
}

function uniqueBy<T extends { key: string }>(rows: T[]): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) if (!seen.has(row.key)) seen.set(row.key, row);
  return [...seen.values()];
}

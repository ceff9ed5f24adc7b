// An invented office's books in bulk, for the aging and balance-check benchmark: payers, guarantors,
// claims with their lines, the 837P batches that sent them and the ledger posting wrote, all with
// generate_series in a handful of statements (what is measured is the snapshot, not the fill).
// Caches are set from the ledger, so the books agree. Invented data only, never PHI.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRunner } from '../sql.js';

export interface InventedBooks {
  claims: number;
  linesPerClaim: number;
  accounts: number;
  payers: number;
  /** Claims are spread over this many days of service before asOf. */
  spreadDays: number;
  asOf: string;
}

export class InventedBooksRepository {
  constructor(private readonly em: EntityManager) {}

  async fill(books: InventedBooks): Promise<{ claims: number; lines: number; ledgerEntries: number; accounts: number }> {
    const run = sqlRunner(this.em);
    await run(`insert into provider (npi, name, created_at) values ('1234567893', 'INVENTED CLINIC', now())`);
    await run(`insert into payer (payer_id, name, created_at) select '99B' || lpad(g::text, 2, '0'), 'INVENTED PAYER ' || g, now() from generate_series(1, ?) g`, [books.payers]);
    await run(`insert into account (account_number, created_at) select 'B' || g, now() from generate_series(1, ?) g`, [books.accounts]);
    await run(`insert into patient (account_id, last_name, created_at) select id, 'INVENTED', now() from account order by id`);
    // Claim g: payer g % payers, patient g % accounts, served (g % spreadDays) days before as-of;
    // six in ten paid (three of those with patient responsibility), one in ten still submitted.
    await run(
      `with ids as (select (select array_agg(id order by id) from payer) as payers, (select min(id) from patient) as first_patient, (select min(id) from provider) as provider)
       insert into claim (control_number, payer_id, provider_id, patient_id, status, frequency, place_of_service, service_date, diagnoses,
         charge_cents, balance_cents, created_at, updated_at)
       select 'BC' || g, ids.payers[1 + g % ?], ids.provider, ids.first_patient + g % ?,
         case when g % 10 < 6 then 'paid' when g % 10 = 9 then 'submitted' else 'accepted' end, '1', '11', ?::date - (g % ?),
         '[]', ? * (2500 + (g % 7) * 500), ? * (2500 + (g % 7) * 500), now(), now()
       from generate_series(1, ?) g cross join ids`,
      [books.payers, books.accounts, books.asOf, books.spreadDays, books.linesPerClaim, books.linesPerClaim, books.claims],
    );
    await run(
      `insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents, diagnosis_pointers, service_date)
       select c.id, n, 'L' || n, '99213', '[]', 1, 'UN', c.charge_cents / ?, '[1]', c.service_date
       from claim c cross join generate_series(1, ?) n`, [books.linesPerClaim, books.linesPerClaim]);
    // One 837P batch per 1,000 claims, sent five days after the first date of service it carries.
    await run(
      `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at)
       select '837P', 'outbound', 'bench-' || b || '.837', md5(b::text), 0, 'processed', now() from generate_series(0, (select max(id) from claim) / 1000) b`);
    await run(
      `insert into submission (payer_id, clearinghouse, control_number, file_id, claim_count, charge_cents, status, created_at, sent_at)
       select (select min(id) from payer), 'simulator', 500000 + f.id, f.id, 1000, 0, 'sent', now(), now() from edi_file f`);
    await run(
      `insert into submission_claim (submission_id, claim_id)
       select s.id, c.id from claim c join submission s on s.control_number = 500000 + (select min(id) from edi_file) + c.id / 1000`);
    await run(
      `update submission s set sent_at = (x.first_service + 5)::timestamp + interval '15 hours'
       from (select sc.submission_id, min(c.service_date) as first_service from submission_claim sc join claim c on c.id = sc.claim_id group by sc.submission_id) x
       where x.submission_id = s.id`);
    // Posting's entries per line of a paid claim: payment 60%, contractual 25% and patient responsibility 15% (or contractual 40%).
    await run(
      `insert into ledger_entry (kind, amount_cents, claim_id, claim_line_id, account_id, payer_id, source, idempotency_key, effective_date, posted_at)
       select k.kind,
         case k.kind when 'payment' then l.charge_cents * 60 / 100
           when 'contractual' then l.charge_cents * (case when c.id % 10 < 3 then 25 else 40 end) / 100
           else l.charge_cents * 15 / 100 end,
         c.id, l.id, case when k.kind = 'patient-responsibility' then p.account_id end, c.payer_id, 'bench', 'bench:' || l.id || ':' || k.kind,
         least(c.service_date + 25, ?::date), now()
       from claim c join claim_line l on l.claim_id = c.id join patient p on p.id = c.patient_id
         cross join (values ('payment'), ('contractual'), ('patient-responsibility')) as k(kind)
       where c.id % 10 < 6 and (k.kind <> 'patient-responsibility' or c.id % 10 < 3)`, [books.asOf]);
    // A quarter of the guarantors paid half of what they owe (written negative, as it moves their balance).
    await run(
      `insert into ledger_entry (kind, amount_cents, account_id, source, idempotency_key, effective_date, posted_at)
       select 'patient-payment', -(owed / 2), account_id, 'bench', 'bench:pp:' || account_id, ?::date, now()
       from (select account_id, sum(amount_cents) as owed from ledger_entry where kind = 'patient-responsibility' group by account_id) o
       where account_id % 4 = 0 and owed >= 2`, [books.asOf]);
    await run(
      `update claim c set paid_cents = s.paid, contractual_cents = s.contractual, patient_resp_cents = s.pr, balance_cents = c.charge_cents - s.paid - s.contractual - s.pr
       from (select claim_id, sum(amount_cents) filter (where kind = 'payment') as paid, sum(amount_cents) filter (where kind = 'contractual') as contractual,
               coalesce(sum(amount_cents) filter (where kind = 'patient-responsibility'), 0) as pr
             from ledger_entry where claim_id is not null group by claim_id) s
       where s.claim_id = c.id`);
    await run(
      `update account a set patient_balance_cents = s.balance
       from (select account_id, sum(amount_cents) as balance
             from ledger_entry where account_id is not null group by account_id) s
       where s.account_id = a.id`);
    await run('analyze');
    const [counts] = await run<{ claims: number; lines: number; entries: number; accounts: number }>(
      `select (select count(*) from claim)::int as claims, (select count(*) from claim_line)::int as lines,
         (select count(*) from ledger_entry)::int as entries, (select count(*) from account)::int as accounts`);
    return { claims: counts.claims, lines: counts.lines, ledgerEntries: counts.entries, accounts: counts.accounts };
  }

  /** Changes the caches of `count` claims and accounts by hand, so the balance check has findings to record. */
  async plantDifferences(count: number): Promise<void> {
    const run = sqlRunner(this.em);
    await run('update claim set balance_cents = balance_cents + 1 where id in (select id from claim order by id limit ?)', [count]);
    await run('update account set patient_balance_cents = patient_balance_cents + 1 where id in (select id from account order by id limit ?)', [count]);
  }
}

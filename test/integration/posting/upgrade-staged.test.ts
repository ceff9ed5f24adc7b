import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { postRemittanceChunk } from '../../../src/services/posting/chunk-posting.service.js';

// An office upgrading while the previous version is half-way through posting a file: that version
// staged one remittance_claim row per claim and queued chunk jobs of 500 claims. The migration
// must turn that work into chunk rows the queued jobs find, posted ranges as posted.
describe('upgrading with a remittance half posted by the previous version', () => {
  const env = useTestEnv();

  it('moves the staged claims into chunk rows with the queued ranges; the open chunk then posts', async function () {
    this.timeout(30000);
    const migrator = env.orm.getMigrator();
    await migrator.down({ to: 'migration-20261127090000-posting-chunks' }); // back to the previous version's schema
    const connection = env.orm.em.fork().getConnection();
    const [file] = await connection.execute(
      `insert into edi_file (kind, direction, file_name, sha256, size_bytes, content, status, received_at)
       values ('835', 'inbound', 'old.835', repeat('a', 64), 1, '\\x00', 'processing', now()) returning id`);
    const [remittance] = await connection.execute(
      `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier,
         status, payment_cents, payment_method, provider_adjustments, claim_count, created_at)
       values (?, 1, '0001', 'PAYER:OLD1', 'OLD1', 'PAYER', 'staged', 50200, 'CHK', '[]', 502, now()) returning id`, [file.id]);
    // Claims 1-500 were posted by a chunk that committed; 501-502 were not posted yet.
    const claims = Array.from({ length: 502 }, (_, i) => ({
      position: 10 + i, sequence: i + 1, controlNumber: `OLD${i + 1}`, status: '1', chargeCents: 100, paidCents: 100, adjustments: [], lines: [],
    }));
    await connection.execute(
      `insert into remittance_claim (remittance_id, sequence, control_number, status_code, charge_cents, paid_cents, detail, forwarded, posted_at)
       select ?, (c->>'sequence')::int, c->>'controlNumber', '1', 100, 100, c, false, case when (c->>'sequence')::int <= 500 then now() end
       from json_array_elements(?::json) c`, [remittance.id, JSON.stringify(claims)]);

    await migrator.up();

    const chunks = await connection.execute(
      'select first_sequence, last_sequence, posted_at is not null as posted, json_array_length(claims::json) as n from remittance_chunk order by first_sequence');
    expect(chunks).to.deep.equal([
      { first_sequence: 1, last_sequence: 500, posted: true, n: 500 },
      { first_sequence: 501, last_sequence: 502, posted: false, n: 2 },
    ]);
    const [{ kept }] = await connection.execute('select count(*)::int as kept from remittance_claim');
    expect(kept).to.equal(500); // the open range's rows are written again when it posts

    // The queued job of the open range (payload 501..502) finds its chunk and posts it.
    const options = { carcTable: defaultCarcTable, timezone: 'UTC' };
    const result = await postRemittanceChunk(env.orm.em.fork(), remittance.id, 501, 502, options);
    expect(result).to.include({ posted: 2, unmatched: 2 });
    expect((await postRemittanceChunk(env.orm.em.fork(), remittance.id, 1, 500, options)).posted).to.equal(0);
    const [{ rows }] = await connection.execute('select count(*)::int as rows from remittance_claim');
    expect(rows).to.equal(502);

    // And back down again: the previous version's schema applies and unapplies cleanly.
    await migrator.down({ to: 'migration-20261127090000-posting-chunks' });
    await migrator.up();
  });
});

// Importing bank files: every credit of a good file becomes a deposit in one transaction, the same
// bytes again add nothing, and a bad file is kept quarantined with its line and field, adding none.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { importDepositFile, DepositFileRefused } from '../../../src/services/deposits/deposit-import.service.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { bai2Report } from './deposit-support.js';

const sampleBai2 = readFileSync(new URL('../../fixtures/deposits/sample.bai2', import.meta.url));
const sampleCsv = readFileSync(new URL('../../fixtures/deposits/sample.csv', import.meta.url));

describe('deposit import', () => {
  const env = useTestEnv();
  const options = () => ({ timezone: env.config.timezone, actor: 'tester' });
  const query = (sql: string, params: unknown[] = []) => sqlRunner(env.orm.em.fork())(sql, params);

  it('imports a BAI2 report and a CSV, and the same bytes again add nothing', async () => {
    const first = await importDepositFile(env.orm.em.fork(), { fileName: 'bank.bai2', content: sampleBai2 }, options());
    expect(first).to.deep.include({ format: 'BAI2', status: 'imported', added: 4 });
    expect(first.totals).to.deep.equal({ deposits: 4, totalCents: 125050 + 98765 + 40000 + 300000, byStatus: { unmatched: 4 } });
    const csv = await importDepositFile(env.orm.em.fork(), { fileName: 'bank.csv', content: sampleCsv }, options());
    expect(csv).to.deep.include({ format: 'deposits-csv', status: 'imported', added: 3 });

    const again = await importDepositFile(env.orm.em.fork(), { fileName: 'renamed.bai2', content: sampleBai2 }, options());
    expect(again).to.deep.include({ fileId: first.fileId, status: 'duplicate', added: 0 });
    expect(await query('select count(*)::int as n from deposit')).to.deep.equal([{ n: 7 }]);
    expect(await query(`select count(*)::int as n from edi_file where kind in ('BAI2', 'deposits-csv')`)).to.deep.equal([{ n: 2 }]);
    const stored = await query(`select bank_account, trace_number, amount_cents::int as cents, status from deposit where file_id = ? order by line`, [first.fileId]);
    expect(stored[0]).to.deep.equal({ bank_account: '****6789', trace_number: 'EFT20261203A', cents: 125050, status: 'unmatched' });
    // Only the masked account is kept on a deposit.
    expect(JSON.stringify(await query('select * from deposit'))).not.to.contain('123456789');
    expect(await query(`select actor, action, detail from audit_event where action = 'deposits.import' order by id`)).to.have.length(2);
  });

  it('refuses a bad file whole: quarantined with the line and field, a task for a person, no deposit written', async () => {
    // The second of three credits (line 5) is malformed: the one before it must not be written either.
    const lines = bai2Report('261203', [{ amountCents: 100, trace: 'A' }, { amountCents: 200, trace: 'B' }, { amountCents: 300, trace: 'C' }]).split('\n');
    lines[4] = '16,165,12.00,Z,BR,C,/';
    const bad = Buffer.from(lines.join('\n'));
    let refused: DepositFileRefused | undefined;
    await importDepositFile(env.orm.em.fork(), { fileName: 'bad.bai2', content: bad }, options()).catch((error) => { refused = error; });
    expect(refused).to.be.instanceOf(DepositFileRefused);
    expect(refused!.message).to.equal(`deposit file ${refused!.fileId} rejected: line 5, field amount, not a whole number of cents without a sign`);
    expect(await query('select count(*)::int as n from deposit')).to.deep.equal([{ n: 0 }]);
    expect(await query('select status, error from edi_file where id = ?', [refused!.fileId])).to.deep.equal([
      { status: 'quarantined', error: 'line 5, field amount, not a whole number of cents without a sign' },
    ]);
    expect(await query(`select type, subject_type, subject_id from task`)).to.deep.equal([{ type: 'quarantined-file', subject_type: 'file', subject_id: refused!.fileId }]);

    // The same bad bytes again: refused again with the kept reason, nothing new stored or opened.
    const again = await importDepositFile(env.orm.em.fork(), { fileName: 'bad.bai2', content: bad }, options()).catch((error) => error);
    expect(again).to.be.instanceOf(DepositFileRefused);
    expect(again.message).to.equal(`deposit file ${refused!.fileId} was refused before: line 5, field amount, not a whole number of cents without a sign`);
    expect(await query('select count(*)::int as n from task')).to.deep.equal([{ n: 1 }]);
    expect(await query('select count(*)::int as n from edi_file')).to.deep.equal([{ n: 1 }]);
  });

  it('refuses a CSV with a bad row by its line number, keeping none of its rows', async () => {
    const csv = Buffer.from('date,amount,trace,bank_account\n2026-12-03,10.00,T1,111122223333\n2026-12-03,10.5,T2,111122223333\n');
    const error = await importDepositFile(env.orm.em.fork(), { fileName: 'bad.csv', content: csv }, options()).catch((e) => e);
    expect(error).to.be.instanceOf(DepositFileRefused);
    expect(error.message).to.match(/rejected: line 3, field amount, not a positive amount in dollars with two decimals/);
    expect(await query('select count(*)::int as n from deposit')).to.deep.equal([{ n: 0 }]);
  });
});

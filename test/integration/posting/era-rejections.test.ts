import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { useTestEnv } from '../../support/test-env.js';
import { EdiFile, Task } from '../../../src/db/entities/index.js';
import { importAndWait, ledgerOf, startPosting } from './posting-support.js';
import { eraText } from './era-text.js';

const fixtures = new URL('../../fixtures/x12/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const valid = () => eraText({
  trace: 'T100', claims: [
    { control: 'C1', lines: [{ procedure: '99213', chargeCents: 12000, cas: [['CO', '45', 2000], ['PR', '2', 1000]] }] },
    { control: 'C2', lines: [{ procedure: '93000', chargeCents: 5000, cas: [['CO', '16', 5000]] }] },
  ],
});

describe('835 files that fail a check', () => {
  const env = useTestEnv();

  async function expectRejected(name: string, text: string, expected: { rule: string; segment?: string; st?: string }) {
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, name, text);
    expect(summary.status).to.equal('rejected');
    expect(summary.error).to.include(`[rule ${expected.rule}]`);
    if (expected.segment) expect(summary.error).to.match(new RegExp(`segment ${expected.segment} at position \\d+`));
    if (expected.st) expect(summary.error).to.include(`control number ${expected.st}`);
    expect(summary.error).not.to.match(/INVENTED|PATIENT|X0000000/); // no names or member ids
    const em = env.orm.em.fork();
    const file = await em.findOneOrFail(EdiFile, summary.fileId);
    expect(file.status).to.equal('quarantined');
    expect(file.error).to.equal(summary.error);
    expect(await em.count(Task, { type: 'quarantined-file', subjectId: summary.fileId })).to.equal(1);
    expect(await ledgerOf(env)).to.deep.equal([]);
    expect(await em.getConnection().execute('select id from remittance')).to.deep.equal([]);
    expect(summary.tasksCreated).to.equal(1);
    return summary;
  }

  it('rejects a truncated file', async function () {
    const text = valid();
    await expectRejected('truncated.835', text.slice(0, text.indexOf('SE*')), { rule: 'truncated', st: '0001' });
  });

  it('rejects an unbalanced claim, naming the ST control number, CLP and its position', async function () {
    const text = valid().replace('CLP*C1*1*120*90', 'CLP*C1*1*120*90.01');
    await expectRejected('unbalanced.835', text, { rule: 'balance-claim', segment: 'CLP', st: '0001' });
  });

  it('rejects a BPR02 that does not match the claims less the PLB', async function () {
    const text = valid().replace('BPR*I*90*C', 'BPR*I*90.01*C');
    await expectRejected('bpr.835', text, { rule: 'balance-transaction', segment: 'BPR', st: '0001' });
  });

  it('rejects a file with no ISA', async function () {
    const text = valid().split('\n').slice(1).join('\n');
    const summary = await expectRejected('no-isa.835', text, { rule: 'isa', segment: 'ISA' });
    expect(summary.error).to.include('does not start with an ISA segment');
  });

  it('rejects the whole file when a later transaction fails, posting nothing of the good one', async function () {
    const good = valid();
    const bad = eraText({ trace: 'T200', st: '0002', claims: [{ control: 'C3', lines: [{ procedure: '99213', chargeCents: 100 }] }] })
      .replace('SVC*HC:99213*1*1', 'SVC*HC:99213*1*0.99');
    const body = (text: string) => text.split('\n').filter((s) => /^(ST|BPR|TRN|N1|LX|CLP|CAS|NM1|SVC|DTM|REF|PLB|SE)\*/.test(s));
    const envelope = good.split('\n');
    const text = [envelope[0], envelope[1], ...body(good), ...body(bad), 'GE*2*101~', 'IEA*1*000000101~', ''].join('\n');
    await expectRejected('second-bad.835', text, { rule: 'balance-line', segment: 'SVC', st: '0002' });
  });

  it('every 835 sample posts with ledger totals equal to its BPR02, or is rejected for its malformed SVC', async function () {
    this.timeout(60000);
    const rig = startPosting(env);
    const names = readdirSync(fixtures).filter((n) => n.endsWith('.835')).sort();
    expect(names).to.deep.equal([
      'lfh-cob-contractural-adjustment.835', 'lfh-managed-care.835', 'lfh-medicare-part-a.835',
      'lfh-secondary-payment.835', 'lfh-tertiary-payment.835', 'tastypackets-profee.835',
    ]);
    for (const name of names) {
      const summary = await importAndWait(env, rig, name, sample(name));
      if (name === 'lfh-tertiary-payment.835') {
        expect(summary.status, name).to.equal('rejected');
        expect(summary.error).to.include('[rule svc-composite]').and.to.include('segment SVC at position 20');
        continue;
      }
      expect(summary.status, name).to.equal('posted');
      const remittances = await env.orm.em.fork().getConnection().execute(
        'select id, payment_cents::int as payment, paid_cents::int as paid from remittance where file_id = ?', [summary.fileId]);
      expect(remittances, name).to.have.length(1);
      for (const r of remittances) {
        const [sums] = await env.orm.em.fork().getConnection().execute(
          `select coalesce(sum(amount_cents) filter (where kind in ('payment', 'unapplied')), 0)::int as paid,
             coalesce(sum(amount_cents) filter (where kind = 'provider-adjustment'), 0)::int as plb
           from ledger_entry where source = ?`, [`remittance:${r.id}`]);
        expect(sums.paid, name).to.equal(r.paid);
        expect(sums.paid - sums.plb, name).to.equal(r.payment);
      }
      expect(summary.paidCents - summary.providerAdjustmentCents, name).to.equal(summary.paymentCents);
    }
  });
});

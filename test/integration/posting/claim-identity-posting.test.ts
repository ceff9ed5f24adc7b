// Remittance matching follows claim identity: an 835's CLP01 is our CLM01, unique only per billing
// provider and payer, so the claim it pays is found by payee (N1*PE) + payer + CLP01. One CLM01
// billed by two providers and to two payers gets each payment on its own claim; a CLP that still
// names several claims is held unmatched with its reason, never posted to one picked at random.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { dropClaimFile, importFile, query, recentClaim, upstream837 } from '../claims/claims-support.js';
import { eraText } from './era-text.js';
import { importAndWait, startPosting } from './posting-support.js';

const PRIMARY = '1935665544';   // TRN03 of the 835s and NM1*PR of the claims
const SECONDARY = '1999999999';
const CLINIC = '1234567893';
const SURGERY = '1912301953';

const billed = (payerId: string, npi: string): Claim => {
  const claim = recentClaim(1);
  return { ...claim, payer: { payerId, name: `PLAN ${payerId}` }, billingProvider: { ...claim.billingProvider, npi } };
};

describe('posting follows claim identity', () => {
  const env = useTestEnv();

  it('pays each claim of one CLM01 by its payee and payer, and holds an ambiguous CLP as unmatched', async function () {
    this.timeout(40000);
    const fileId = await dropClaimFile(env, undefined, 'claims.837', upstream837([billed(PRIMARY, CLINIC), billed(PRIMARY, SURGERY), billed(SECONDARY, CLINIC)]));
    expect(await importFile(env, fileId)).to.deep.include({ newClaims: 3 });
    const rows = await query(env, 'select c.id, y.payer_id, v.npi from claim c join payer y on y.id = c.payer_id join provider v on v.id = c.provider_id');
    const idOf = (payerId: string, npi: string) => rows.find((r) => r.payer_id === payerId && r.npi === npi)!.id as number;
    const ids = [idOf(PRIMARY, CLINIC), idOf(PRIMARY, SURGERY), idOf(SECONDARY, CLINIC)]; // the 837P lists claims by billing provider
    const rig = startPosting(env);
    const pay = (trace: string, payerId: string, payeeNpi: string, paid: number) => importAndWait(env, rig, `${trace}.835`, eraText({
      trace, payerId, payeeNpi, claims: [{ control: 'PCN00001', lines: [
        { procedure: '99213', chargeCents: 12500, lineControl: 'C1-L1', cas: [['CO', '45', 12500 - paid]] },
      ] }],
    }));

    expect(await pay('T-CLINIC', PRIMARY, CLINIC, 10000)).to.include({ matched: 1, unmatched: 0 });
    expect(await pay('T-SURGERY', PRIMARY, SURGERY, 9000)).to.include({ matched: 1, unmatched: 0 });
    expect(await pay('T-SECOND', SECONDARY, CLINIC, 2000)).to.include({ matched: 1, unmatched: 0 });
    const paidOf = async () => {
      const paid = await query(env, 'select id, paid_cents::int as paid from claim');
      return ids.map((id) => paid.find((r) => r.id === id)!.paid);
    };
    expect(await paidOf()).to.deep.equal([10000, 9000, 2000]);
    const lines = await query(env, `select e.claim_id, l.line_control_number from ledger_entry e join claim_line l on l.id = e.claim_line_id
      where e.kind = 'payment' order by e.id`);
    expect(lines).to.deep.equal(ids.map((id) => ({ claim_id: id, line_control_number: 'C1-L1' })));

    // A payer we do not know, paying the clinic: the clinic's claims to both payers fit. None is picked.
    const summary = await pay('T-UNKNOWN', '1777777777', CLINIC, 500);
    expect(summary).to.include({ matched: 0, unmatched: 1, tasksCreated: 1 });
    const [held] = await query(env, `select claim_id, control_number from remittance_claim where remittance_id = (select max(id) from remittance)`);
    expect(held).to.deep.equal({ claim_id: null, control_number: 'PCN00001' });
    const tasks = await query(env, `select reason_codes, amount_at_risk_cents::int as cents from task where type = 'unmatched-remittance'`);
    expect(tasks).to.deep.equal([{ reason_codes: ['AMBIGUOUS-CLAIM'], cents: 500 }]);
    const unapplied = await query(env, `select amount_cents::int as cents, claim_id from ledger_entry where kind = 'unapplied'`);
    expect(unapplied).to.deep.equal([{ cents: 500, claim_id: null }]);
    expect(await paidOf()).to.deep.equal([10000, 9000, 2000]);
  });
});

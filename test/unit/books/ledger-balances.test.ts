import { expect } from 'chai';
import { LEDGER_KINDS } from '../../../src/db/entities/ledger.js';
import { ledgerDeltas } from '../../../src/domain/claims/claim-money-status.js';
import {
  accountFinding, accountLedgerBalance, BALANCE_LEDGER_KINDS, balanceDiscrepancyTask, claimFinding, claimLedgerBalance, ledgerEffectRows,
} from '../../../src/domain/reconciliation/ledger-balances.js';

describe('what the ledger says a balance is', () => {
  it('knows every kind of ledger entry the ledger table allows', () => {
    expect([...BALANCE_LEDGER_KINDS]).to.deep.equal([...LEDGER_KINDS]);
    expect(ledgerEffectRows().map((r) => r.kind)).to.deep.equal([...LEDGER_KINDS]);
  });

  it('lowers a claim\'s balance exactly as posting moves its cache (claimMoneyAfter): everything but denials', () => {
    const entries = [
      { kind: 'payment' as const, amountCents: 6000 }, { kind: 'contractual' as const, amountCents: 2000 }, { kind: 'denial' as const, amountCents: 1500 },
      { kind: 'patient-responsibility' as const, amountCents: 1000 }, { kind: 'other-adjustment' as const, amountCents: 300 },
      { kind: 'write-off' as const, amountCents: 200 }, { kind: 'payment' as const, amountCents: -500 },
    ];
    const delta = ledgerDeltas(entries.map((e) => ({ kind: e.kind, amount_cents: e.amountCents, claim_id: 1 }))).claims.get(1)!;
    const posted = 12000 - delta.paid - delta.contractual - delta.patientResp - delta.other;
    expect(claimLedgerBalance(12000, entries)).to.equal(posted);
    expect(posted).to.equal(12000 - 5500 - 2000 - 1000 - 500);
  });

  it('moves money to the patient with a transfer written negative on the claim and positive on the account', () => {
    expect(claimLedgerBalance(5000, [{ kind: 'transfer', amountCents: -2000 }])).to.equal(3000);
    expect(accountLedgerBalance([
      { kind: 'patient-responsibility', amountCents: 1000 }, { kind: 'transfer', amountCents: 2000 }, { kind: 'patient-payment', amountCents: -700 },
      { kind: 'write-off', amountCents: -100 }, { kind: 'refund', amountCents: 50 }, { kind: 'payment', amountCents: 99999 },
    ])).to.equal(1000 + 2000 - 700 - 100 + 50);
  });

  it('reports only the figures that differ, the largest gap as the money at stake, and nothing for a claim that agrees', () => {
    const same = { paid: 100, contractual: 0, denied: 0, patientResp: 0, balance: 900 };
    expect(claimFinding(same, same, [])).to.equal(undefined);
    const finding = claimFinding(same, { ...same, paid: 40, balance: 960 }, [])!;
    expect(finding).to.deep.equal({ figures: { paid: { stored: 100, ledger: 40 }, balance: { stored: 900, ledger: 960 } }, amountAtRiskCents: 60 });
    const overposted = claimFinding(same, same, [{ lineNumber: 2, chargeCents: 500, ledgerBalanceCents: -250 }])!;
    expect(overposted).to.deep.equal({ figures: { overpostedLines: [{ lineNumber: 2, chargeCents: 500, ledgerBalanceCents: -250 }] }, amountAtRiskCents: 250 });
    expect(accountFinding(10, 10)).to.equal(undefined);
    expect(accountFinding(10, -5)).to.deep.equal({ figures: { patientBalance: { stored: 10, ledger: -5 } }, amountAtRiskCents: 15 });
    expect(balanceDiscrepancyTask('account', 7, accountFinding(10, -5)!, null)).to.deep.equal({
      type: 'balance-discrepancy', subjectType: 'account', subjectId: 7, reasonCodes: ['LEDGER-MISMATCH'], amountAtRiskCents: 15, deadline: null, payerId: null,
    });
  });
});

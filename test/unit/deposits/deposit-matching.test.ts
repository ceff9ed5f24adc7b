// The pairing rules on plain data: the window's edges, the same amount before the nearest date,
// and the days after which leftovers count (a deposit on day N is not late yet on day N + days - 1).
import { expect } from 'chai';
import { matchDeposits, plainDollars, type OpenRemittance, type UnmatchedDeposit } from '../../../src/domain/deposits/deposit-matching.js';

const rules = { matchWindowDays: 5, depositWithoutEraDays: 5, eraWithoutDepositDays: 7, eftPaymentMethods: ['ACH', 'FWT', 'BOP'] };
const deposit = (id: number, depositDate: string, amountCents: number, traceNumber: string | null): UnmatchedDeposit => ({ id, depositDate, amountCents, traceNumber });
const era = (id: number, eraDate: string, paymentCents: number, traceNumber: string, paymentMethod = 'ACH'): OpenRemittance =>
  ({ id, eraDate, paymentCents, traceNumber, paymentMethod, payerId: null });

describe('deposit matching rules', () => {
  it('pairs within the window on either side, not a day beyond it; traces compare without case or blanks', () => {
    const result = matchDeposits(
      [deposit(1, '2026-12-06', 100, ' eft-a '), deposit(2, '2026-12-01', 100, 'EFT-B'), deposit(3, '2026-12-07', 100, 'EFT-C')],
      [era(10, '2026-12-01', 100, 'EFT-A'), era(11, '2026-12-06', 100, 'EFT-B'), era(12, '2026-12-01', 100, 'EFT-C')],
      '2026-12-07', rules,
    );
    expect(result.matches.map((m) => [m.depositId, m.remittanceId, m.status])).to.deep.equal([[2, 11, 'matched'], [1, 10, 'matched']]);
  });

  it('prefers the same amount to a nearer date, and calls a trace with another amount a variance', () => {
    const same = matchDeposits([deposit(1, '2026-12-05', 500, 'T')], [era(10, '2026-12-05', 400, 'T'), era(11, '2026-12-02', 500, 'T')], '2026-12-05', rules);
    expect(same.matches).to.deep.equal([{ depositId: 1, remittanceId: 11, status: 'matched', depositCents: 500, eraCents: 500, payerId: null }]);
    const variance = matchDeposits([deposit(1, '2026-12-05', 500, 'T')], [era(10, '2026-12-05', 400, 'T')], '2026-12-05', rules);
    expect(variance.matches[0]).to.include({ status: 'variance', depositCents: 500, eraCents: 400 });
  });

  it('counts leftovers late only once their days have passed; checks, zero payments and matched ERAs never', () => {
    const deposits = [deposit(1, '2026-12-01', 100, null), deposit(2, '2026-12-02', 100, 'NOPE')];
    const eras = [era(10, '2026-11-28', 100, 'X'), era(11, '2026-11-28', 100, 'Y', 'CHK'), era(12, '2026-11-28', 0, 'Z', 'NON'), era(13, '2026-11-29', 100, 'W')];
    const onDay4 = matchDeposits(deposits, eras, '2026-12-05', rules);
    expect(onDay4.depositsWithoutEra.map((d) => d.id)).to.deep.equal([]);
    expect(onDay4.erasWithoutDeposit.map((r) => r.id)).to.deep.equal([10]);
    const later = matchDeposits(deposits, eras, '2026-12-07', rules);
    expect(later.depositsWithoutEra.map((d) => d.id)).to.deep.equal([1, 2]);
    expect(later.erasWithoutDeposit.map((r) => r.id)).to.deep.equal([10, 13]);
  });

  it('writes dollars for reason codes without a thousands separator', () => {
    expect([plainDollars(125050), plainDollars(7), plainDollars(-2500), plainDollars(123456789)]).to.deep.equal(['1250.50', '0.07', '-25.00', '1234567.89']);
  });
});

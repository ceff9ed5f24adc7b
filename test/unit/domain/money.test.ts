import { expect } from 'chai';
import { parseCents, formatX12Amount, formatDollars, AmountFormatError } from '../../../src/domain/money.js';

describe('money', () => {
  it('parses X12 decimals to cents without floats', () => {
    expect(parseCents('100')).to.equal(10000);
    expect(parseCents('100.00')).to.equal(10000);
    expect(parseCents('12.5')).to.equal(1250);
    expect(parseCents('.75')).to.equal(75);
    expect(parseCents('-0.07')).to.equal(-7);
    expect(parseCents('0.29')).to.equal(29); // 0.29 * 100 = 28.999999999999996 as a float
    expect(parseCents('1.100')).to.equal(110);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '.', 'abc', '1,00', '1.234', '1e3', '--1']) {
      expect(() => parseCents(bad), bad).to.throw(AmountFormatError);
    }
  });

  it('formats cents for X12 and for people', () => {
    expect(formatX12Amount(10000)).to.equal('100');
    expect(formatX12Amount(1250)).to.equal('12.5');
    expect(formatX12Amount(-7)).to.equal('-0.07');
    expect(formatDollars(123450)).to.equal('1,234.50');
    expect(formatDollars(-7)).to.equal('-0.07');
  });
});

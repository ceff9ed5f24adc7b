import { expect } from 'chai';
import fc from 'fast-check';
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

  it('reads every amount as the X12 decimal rule says, plain or not (the fast path for plain amounts included)', () => {
    // Reference: sign, digits, optional fraction; fractions of a cent refused; exact through BigInt.
    const reference = (text: string): number | 'error' => {
      const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
      if (!match || (match[2] === '' && (match[3] ?? '') === '')) return 'error';
      const [, sign, whole, fraction = ''] = match;
      if (/[1-9]/.test(fraction.slice(2))) return 'error';
      const cents = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
      if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return 'error';
      return sign === '-' && cents !== 0n ? -Number(cents) : Number(cents);
    };
    const read = (text: string): number | 'error' => {
      try {
        return parseCents(text);
      } catch (error) {
        expect(error).to.be.instanceOf(AmountFormatError);
        return 'error';
      }
    };
    const amount = fc.stringMatching(/^[-+]?[0-9]{0,17}(\.[0-9]{0,4})?$/);
    const odd = fc.constantFrom('-0', '-0.00', '007', '1.', '.5', '-.5', '+5', '5.120', '5.001', '1e3', '5.5.5', '-', '.', '٣', ' 12.5 ',
      '99999999999999.99', '9999999999999.99', '90071992547409.91', '90071992547409.92');
    fc.assert(fc.property(fc.oneof(amount, odd), (text) => {
      expect(read(text), JSON.stringify(text)).to.equal(reference(text));
    }), { numRuns: 5000 });
    expect(Object.is(parseCents('-0.00'), 0)).to.equal(true);
    expect(Object.is(parseCents('-0'), 0)).to.equal(true);
  });

  it('never quotes the text in its errors', () => {
    for (const bad of ['DOE JOHN', '12x.5', '1.234']) {
      expect(() => parseCents(bad)).to.throw(AmountFormatError).that.satisfies((e: Error) => !e.message.includes(bad));
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

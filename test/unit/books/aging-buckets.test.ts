import { expect } from 'chai';
import fc from 'fast-check';
import {
  addBuckets, ageAmounts, AGING_BUCKETS, agingBucketIndex, agingBucketOf, bucketsFromArray, bucketTotal, emptyBuckets,
} from '../../../src/domain/collections/aging-buckets.js';

describe('aging buckets', () => {
  it('puts each boundary day in its bucket: 30 in 0-30, 31 in 31-60, 120 in 91-120, 121 over 120', () => {
    const cases: Array<[number, string]> = [
      [0, '0-30'], [30, '0-30'], [31, '31-60'], [60, '31-60'], [61, '61-90'], [90, '61-90'], [91, '91-120'], [120, '91-120'], [121, 'over-120'],
      [3650, 'over-120'],
    ];
    for (const [days, bucket] of cases) expect(agingBucketOf(days), `${days} days`).to.equal(bucket);
  });

  it('counts a date after the as-of day (a negative age) as today, and refuses a fraction of a day', () => {
    expect(agingBucketOf(-3)).to.equal('0-30');
    expect(() => agingBucketIndex(30.5)).to.throw(RangeError);
  });

  it('sums amounts into buckets whose total is the sum of the amounts', () => {
    fc.assert(fc.property(fc.array(fc.record({ ageDays: fc.integer({ min: 0, max: 400 }), cents: fc.integer({ min: 0, max: 10_000_000 }) })), (items) => {
      const buckets = ageAmounts(items);
      expect(bucketTotal(buckets)).to.equal(items.reduce((s, i) => s + i.cents, 0));
    }));
  });

  it('keeps bucket order between stored arrays and named buckets, and adds lines bucket by bucket', () => {
    const a = bucketsFromArray([1, 2, 3, 4, 5]);
    expect(Object.keys(a)).to.deep.equal([...AGING_BUCKETS]);
    expect(a['over-120']).to.equal(5);
    expect(addBuckets(a, a)).to.deep.equal(bucketsFromArray([2, 4, 6, 8, 10]));
    expect(bucketTotal(emptyBuckets())).to.equal(0);
    expect(() => bucketsFromArray([1, 2])).to.throw(RangeError);
  });
});

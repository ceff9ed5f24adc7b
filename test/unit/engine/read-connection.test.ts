// The CLI's plain read connection numbers the `?` parameters the repositories write.
import { expect } from 'chai';
import { numberedPlaceholders } from '../../../src/db/read-connection.js';

describe('plain read connection', () => {
  it('numbers each ? parameter in order, keeping casts', () => {
    expect(numberedPlaceholders('select 1 from claim where (?::text is null or status = ?) and id = any(?) limit ?'))
      .to.equal('select 1 from claim where ($1::text is null or status = $2) and id = any($3) limit $4');
  });

  it('leaves a statement without parameters as it is', () => {
    expect(numberedPlaceholders('select status, count(*)::int as n from claim group by status')).to.equal('select status, count(*)::int as n from claim group by status');
  });
});

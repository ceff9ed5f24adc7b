import { expect } from 'chai';
import { PAYER_RULES, type PayerRulesTable } from '../../../../config/payer-rules.js';
import type { Claim, ServiceLine } from '../../../../src/domain/claims/claim.js';
import { resolvePayerRules } from '../../../../src/domain/claims/scrub/index.js';
import { cleanClaim, cleanLine, codesOf, scrub } from './claim-fixture.js';

const forPayer = (payerId: string, lines: ServiceLine[]): Claim => cleanClaim({
  payer: { payerId, name: 'INVENTED PAYER' },
  lines,
  chargeCents: lines.reduce((sum, line) => sum + line.chargeCents, 0),
});

describe('scrub: payer-specific rules', () => {
  describe('resolvePayerRules', () => {
    it('gives an unknown payer the defaults', () => {
      expect(resolvePayerRules('NOPE')).to.deep.equal(PAYER_RULES.default);
      expect(resolvePayerRules('toString')).to.deep.equal(PAYER_RULES.default); // not an inherited key
    });

    it("lays the payer's entry over the defaults, key by key", () => {
      const table: PayerRulesTable = {
        default: { timelyFilingDays: 90, closeDeadlineWarningDays: 14, maxLinesPerClaim: 50, refusedModifiers: [], modifierRequirements: [] },
        byPayerId: { P1: { timelyFilingDays: 120, refusedModifiers: ['GY'], maxLinesPerClaim: undefined } },
      };
      expect(resolvePayerRules('P1', table)).to.deep.equal({
        timelyFilingDays: 120, closeDeadlineWarningDays: 14, maxLinesPerClaim: 50, refusedModifiers: ['GY'], modifierRequirements: [],
      });
    });
  });

  describe('refused modifiers', () => {
    it('refuses GY for a payer that does not accept it', () => {
      const edits = scrub(forPayer('99CMA', [cleanLine({ modifiers: ['25', 'GY'] })]));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'PAYER_MODIFIER_REFUSED', field: 'SV101-4', line: 1 });
      expect(edits[0].message).to.include('GY');
    });

    it('accepts GY for a payer without that rule, and other modifiers for that payer', () => {
      expect(scrub(forPayer('99ZZZ', [cleanLine({ modifiers: ['GY'] })]))).to.deep.equal([]);
      expect(scrub(forPayer('99CMA', [cleanLine({ modifiers: ['25'] })]))).to.deep.equal([]);
    });
  });

  describe('procedures that need a modifier', () => {
    it('refuses a therapy code without a discipline modifier', () => {
      const edits = scrub(forPayer('99MCR', [cleanLine({ procedure: '97110', modifiers: ['59'] })]));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'PAYER_MODIFIER_REQUIRED', field: 'SV101-3', line: 1 });
      expect(edits[0].message).to.include('97110').and.include('GP, GO, GN');
    });

    it('accepts it with one, and other payers without one', () => {
      expect(scrub(forPayer('99MCR', [cleanLine({ procedure: '97110', modifiers: ['59', 'GP'] })]))).to.deep.equal([]);
      expect(scrub(forPayer('99ZZZ', [cleanLine({ procedure: '97110' })]))).to.deep.equal([]);
    });
  });

  describe('lines per claim', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => cleanLine({ lineNumber: i + 1 }));

    it("accepts up to the payer's limit", () => {
      expect(scrub(forPayer('99CMA', lines(6)))).to.deep.equal([]);
    });

    it('refuses more lines than the payer takes', () => {
      const edits = scrub(forPayer('99CMA', lines(7)));
      expect(codesOf(edits)).to.deep.equal(['PAYER_MAX_LINES']);
      expect(edits[0].message).to.include('at most 6');
    });

    it('applies the 837P limit of 50 by default', () => {
      expect(scrub(forPayer('99ZZZ', lines(50)))).to.deep.equal([]);
      expect(codesOf(scrub(forPayer('99ZZZ', lines(51))))).to.deep.equal(['PAYER_MAX_LINES']);
    });
  });
});

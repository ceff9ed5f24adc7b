// Payer-specific claim edits kept as data, so adding a payer's quirk is a config change and not
// a code change. The claim scrubber reads the resolved `PayerRules` for the claim's payer.

/** A procedure the payer pays only with one of the listed modifiers on the same line. */
export interface ModifierRequirement {
  procedures: readonly string[];   // CPT/HCPCS codes (SV101-2)
  anyOf: readonly string[];        // at least one of these must be in SV101-3..6
  reason: string;                  // shown to the specialist, e.g. 'therapy discipline modifier'
}

export interface PayerRules {
  /** Days after the earliest date of service by which the claim must reach the payer. */
  timelyFilingDays: number;
  /** Warn (TIMELY_FILING_NEAR) when the filing deadline is this many days away or fewer. */
  closeDeadlineWarningDays: number;
  /** Service lines (LX) accepted on one claim; the 837P itself allows at most 50. */
  maxLinesPerClaim: number;
  /** Modifiers this payer rejects on any line (SV101-3..6). */
  refusedModifiers: readonly string[];
  /** Procedures that this payer requires a modifier on. */
  modifierRequirements: readonly ModifierRequirement[];
}

/** The default applies to every payer; a payer's entry overrides only the keys it names. */
export interface PayerRulesTable {
  default: PayerRules;
  byPayerId: Readonly<Record<string, Partial<PayerRules>>>;
}

// Outpatient therapy codes that Medicare-style payers want with a discipline modifier
// (GP physical, GO occupational, GN speech therapy). A representative subset, not the full list.
const THERAPY_DISCIPLINE: ModifierRequirement = {
  procedures: ['97110', '97112', '97116', '97140', '97530', '97535'],
  anyOf: ['GP', 'GO', 'GN'],
  reason: 'therapy discipline modifier (GP, GO or GN)',
};

// Payer ids below are invented examples for the demo offices; each office replaces them with
// its own payers' X12 ids and contract terms. Admin overrides from the database are expected
// to be merged over this table before resolution.
export const PAYER_RULES: PayerRulesTable = {
  default: {
    // 90 days is the shortest window common among commercial payers: for a payer we have not
    // configured, flagging a claim too early is cheaper than missing its deadline.
    timelyFilingDays: 90,
    closeDeadlineWarningDays: 14,
    maxLinesPerClaim: 50,
    refusedModifiers: [],
    modifierRequirements: [],
  },
  byPayerId: {
    // Medicare-style payer: one year to file, therapy codes need a discipline modifier.
    '99MCR': {
      timelyFilingDays: 365,
      closeDeadlineWarningDays: 30,
      modifierRequirements: [THERAPY_DISCIPLINE],
    },
    // Commercial payer that rejects the Medicare liability-notice modifiers and, like the
    // paper CMS-1500, takes at most 6 lines per claim.
    '99CMA': {
      timelyFilingDays: 180,
      closeDeadlineWarningDays: 21,
      maxLinesPerClaim: 6,
      refusedModifiers: ['GA', 'GY', 'GZ'],
    },
    // Medicaid-style payer with a short filing window.
    '99MCD': {
      timelyFilingDays: 95,
      closeDeadlineWarningDays: 14,
      refusedModifiers: ['GY'],
    },
  },
};

// The agency referral file: one CSV row per account referred, with only what a collection agency
// needs to collect (HIPAA's minimum necessary): who owes, where to reach them, how much, and for
// which dates of service. No diagnoses, procedures, birth dates, member ids or SSNs: the row type
// has no place for them, and nothing else is written.

export interface AgencyReferral {
  accountNumber: string;
  guarantorLastName: string;
  guarantorFirstName: string | null;
  address: { line1?: string; line2?: string; city?: string; state?: string; postalCode?: string } | null;
  balanceCents: number;
  referredOn: string;
  /** Each visit the balance came from: its date of service and the patient's share. */
  services: ReadonlyArray<{ date: string; cents: number }>;
}

export const AGENCY_CSV_HEADER = [
  'account_number', 'guarantor_last_name', 'guarantor_first_name', 'address_line1', 'address_line2', 'city', 'state', 'postal_code',
  'balance', 'referred_on', 'dates_of_service', 'service_amounts',
] as const;

/** Cents as a plain decimal for a file another system reads: "1234.50" (no thousands separator). */
export function plainDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The file's text: the header, then one line per referral, CRLF line ends (RFC 4180). */
export function agencyReferralCsv(referrals: readonly AgencyReferral[]): string {
  const lines = [AGENCY_CSV_HEADER.join(',')];
  for (const r of referrals) {
    const a = r.address ?? {};
    lines.push([
      r.accountNumber, r.guarantorLastName, r.guarantorFirstName ?? '', a.line1 ?? '', a.line2 ?? '', a.city ?? '', a.state ?? '', a.postalCode ?? '',
      plainDollars(r.balanceCents), r.referredOn, r.services.map((s) => s.date).join(';'), r.services.map((s) => plainDollars(s.cents)).join(';'),
    ].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The file's name for a day: one file per day, rewritten whole if the day's pass runs again. */
export function agencyReferralFileName(asOf: string): string {
  return `agency-referrals-${asOf}.csv`;
}

// Counts the KPI facts of a window of time, per office day and per payer and person, from the
// repositories' set-based queries; durations in business days are worked out here with the office
// calendar (pure domain). Used live by short reports and, one day at a time, by the snapshot.
import { DateTime } from 'luxon';
import type { OfficeCalendar } from '../../../config/office-calendar.js';
import { KpiFactsRepository } from '../../db/repositories/kpi-facts.repository.js';
import type { Run } from '../../db/sql.js';
import { addDays } from '../../domain/calendar-date.js';
import { businessDaysBetween } from '../../domain/kpis/business-time.js';
import { emptyFacts, type KpiCounts, type KpiFacts } from '../../domain/kpis/kpi-tally.js';

/** A payer's or person's key in facts and snapshots: their id, or 'none' (a payer we do not know, a task nobody held). */
export type ScopeKey = string;
const keyOf = (id: number | null): ScopeKey => (id === null ? 'none' : String(id));

export interface DayFacts {
  payers: Map<ScopeKey, KpiFacts>;
  people: Map<ScopeKey, KpiFacts>;
}

/** Midnight starting `day` in the office's zone, as an instant. */
export function startOfDay(day: string, timezone: string): Date {
  return DateTime.fromISO(day, { zone: timezone }).startOf('day').toJSDate();
}

export interface FactsOptions {
  calendar: OfficeCalendar;
  now: Date;
}

/** Facts of the office days from..to (both included), per day. */
export async function countFacts(run: Run, from: string, to: string, options: FactsOptions): Promise<Map<string, DayFacts>> {
  const timezone = options.calendar.timezone;
  const window = { from: startOfDay(from, timezone), to: startOfDay(addDays(to, 1), timezone), timezone };
  const repo = new KpiFactsRepository(run);
  const days = new Map<string, DayFacts>();
  const facts = (day: string, scope: keyof DayFacts, id: number | null): KpiFacts => {
    let forDay = days.get(day);
    if (!forDay) days.set(day, forDay = { payers: new Map(), people: new Map() });
    const key = keyOf(id);
    let found = forDay[scope].get(key);
    if (!found) forDay[scope].set(key, found = emptyFacts());
    return found;
  };
  const add = (f: KpiFacts, counts: KpiCounts) => {
    for (const [k, v] of Object.entries(counts) as Array<[keyof KpiCounts, number]>) f.counts[k] = (f.counts[k] ?? 0) + v;
  };
  // One query at a time on the one connection: the statements share the caller's transaction.
  for (const r of await repo.scrubs(window)) add(facts(r.day, 'payers', r.payerId), { scrubbed: r.scrubbed, clean: r.clean });
  for (const r of await repo.submissions(window)) add(facts(r.day, 'payers', r.payerId), { submitted: r.submitted, chargesCents: r.chargesCents });
  for (const r of await repo.firstAcknowledgments(window)) add(facts(r.day, 'payers', r.payerId), { acknowledged: r.acknowledged, acceptedFirstPass: r.accepted });
  for (const r of await repo.firstRemittances(window)) {
    const f = facts(r.day, 'payers', r.payerId);
    if (r.carc === null) add(f, { remitted: r.claims, remittedChargeCents: r.chargeCents, deniedClaims: r.deniedClaims, deniedCents: r.deniedCents });
    else f.carcs[r.carc] = [r.deniedClaims, r.deniedCents];
  }
  for (const r of await repo.ledgerMoney(window)) add(facts(r.day, 'payers', r.payerId), { paymentsCents: r.paymentsCents, contractualCents: r.contractualCents });
  for (const r of await repo.postings(window)) {
    const f = facts(r.day, 'payers', r.payerId);
    add(f, { erasPosted: r.eras, remitClaimsPosted: r.claims, remitClaimsAuto: r.matched });
    f.samples.postingLagSeconds.push(...r.lagSeconds);
  }
  for (const r of await repo.outcomes(window)) {
    add(facts(r.day, 'people', r.personId), { tasksDone: r.tasksDone, handleSeconds: r.handleSeconds, handled: r.handled, claimsResolved: r.claimsResolved });
  }
  for (const r of await repo.denialResolutions(window)) {
    const f = facts(r.day, 'people', r.personId);
    add(f, { denialsResolved: 1 });
    f.samples.resolutionBusinessDays.push(businessDaysBetween(r.openedAt, r.resolvedAt, options.calendar));
  }
  for (const r of await repo.recoveries(window)) add(facts(r.day, 'people', r.personId), { dollarsRecoveredCents: r.cents });
  for (const r of await repo.slaMisses(window, options.now)) add(facts(r.day, 'people', r.personId), { slaMisses: r.misses });
  for (const r of await repo.escalations(window)) add(facts(r.day, 'people', r.personId), { escalationsReceived: r.received });
  return days;
}

/** Insurance A/R per payer at the end of the office day `asOf` (or now, if that is earlier). */
export async function receivablesAt(run: Run, asOf: string, options: FactsOptions): Promise<Map<ScopeKey, { arCents: number; arOver90Cents: number }>> {
  const end = startOfDay(addDays(asOf, 1), options.calendar.timezone);
  const before = end.getTime() < options.now.getTime() ? end : options.now;
  const rows = await new KpiFactsRepository(run).receivables(before, asOf);
  return new Map(rows.map((r) => [keyOf(r.payerId), { arCents: r.arCents, arOver90Cents: r.arOver90Cents }]));
}

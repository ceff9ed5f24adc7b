// Whose figures a person may read (README "Performance metrics"): a specialist their own; a
// supervisor their team's, down the reporting chain (themselves included); a director and an
// admin the office's. Operators read none. The administrators' CLI without --as reads as an admin.
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import type { Run } from '../../db/sql.js';
import type { Person } from '../../domain/people/person.js';
import { kpiBreakdown, type KpiBreakdown } from '../../domain/kpis/kpi-request.js';
import { notFound, RequestRefused } from '../../errors.js';

export interface KpiAudience {
  by: KpiBreakdown;
  /** The people whose rows are shown (by specialist), or whose teams are (by team). */
  people: Person[];
  /** Team → its members (the lead and everyone below), for team rows. */
  teams: Map<number, number[]>;
}

const LEADS = new Set(['supervisor', 'director']);

export async function kpiAudience(run: Run, viewer: Person | null, request: { by?: string; specialist?: string; team?: string }): Promise<KpiAudience> {
  const role = viewer?.role ?? 'admin';
  if (role === 'operator') throw new RequestRefused(403, 'operators do not read KPIs');
  const peopleRepo = new PeopleRepository(run);
  const everyone = await peopleRepo.list();
  const byLogin = new Map(everyone.map((p) => [p.login, p]));
  const fallback: KpiBreakdown = request.specialist ? 'specialist' : request.team ? 'team'
    : role === 'specialist' ? 'specialist' : role === 'supervisor' ? 'team' : 'office';
  const by = kpiBreakdown(request.by, fallback);

  // Who the viewer may see: null = the office.
  let allowed: Set<number> | null = null;
  if (role === 'specialist') {
    if (by !== 'specialist' || request.team) throw new RequestRefused(403, `${viewer!.login} is a specialist and reads their own figures only (--by specialist)`);
    if (request.specialist && request.specialist !== viewer!.login) throw new RequestRefused(403, `${viewer!.login} is a specialist and reads their own figures only, not ${request.specialist}'s`);
    allowed = new Set([viewer!.id]);
  } else if (role === 'supervisor') {
    if (by === 'office' || by === 'payer') throw new RequestRefused(403, `${viewer!.login} is a supervisor and reads their team's figures (--by team or --by specialist), not the office's`);
    allowed = new Set([viewer!.id, ...await peopleRepo.teamBelow(viewer!.id)]);
  }

  const find = (login: string, what: string): Person => {
    const person = byLogin.get(login);
    if (!person) throw notFound(`no ${what} ${login}`);
    if (allowed && !allowed.has(person.id)) throw new RequestRefused(403, `${login} is not in ${viewer!.login}'s team`);
    return person;
  };
  const membersOf = async (lead: Person) => [lead.id, ...await peopleRepo.teamBelow(lead.id)];

  const teams = new Map<number, number[]>();
  let people: Person[];
  if (request.specialist) {
    people = [find(request.specialist, 'specialist')];
  } else if (request.team) {
    const lead = find(request.team, 'team led by');
    if (!LEADS.has(lead.role)) throw new RequestRefused(422, `${lead.login} is a ${lead.role} and leads no team`);
    const members = await membersOf(lead);
    if (by === 'team') {
      people = [lead];
      teams.set(lead.id, members);
    } else {
      people = everyone.filter((p) => members.includes(p.id));
    }
  } else {
    people = everyone.filter((p) => (allowed ? allowed.has(p.id) : p.active || by !== 'team'));
    if (by === 'team') people = people.filter((p) => LEADS.has(p.role) && p.active);
  }
  if (by === 'team') for (const lead of people) if (!teams.has(lead.id)) teams.set(lead.id, await membersOf(lead));
  if ((by === 'office' || by === 'payer') && (request.specialist || request.team)) {
    throw new RequestRefused(422, `--by ${by} reads the office's figures; leave out --specialist and --team, or use --by specialist or team`);
  }
  return { by, people, teams };
}

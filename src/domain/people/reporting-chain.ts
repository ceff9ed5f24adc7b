// The reporting chain (specialist -> supervisor -> director) must end: a person can never be,
// directly or through others, their own supervisor, or escalation would go round for ever.
import { PersonRefused } from './person.js';

/**
 * Refuses making `supervisorLogin` the supervisor of `login` if that closes a loop, given who
 * supervises whom today (login -> supervisor's login). The message shows the loop.
 */
export function checkNoLoop(login: string, supervisorLogin: string, supervisorOf: ReadonlyMap<string, string | null>): void {
  const chain = [login, supervisorLogin];
  let current: string | null | undefined = supervisorLogin;
  while (current !== null && current !== undefined) {
    if (current === login) {
      throw new PersonRefused(`supervisor loop in the reporting chain: ${chain.join(' -> ')}; nothing changed`);
    }
    current = supervisorOf.get(current);
    if (current !== null && current !== undefined) {
      if (chain.includes(current) && current !== login) break; // an older loop elsewhere; not ours to report
      chain.push(current);
    }
  }
}

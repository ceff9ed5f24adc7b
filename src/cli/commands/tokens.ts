// `rcm tokens create|list|revoke`: API tokens (README "Tokens"). Create and revoke act as
// `--as LOGIN` (or RCM_USER), an active admin, and are audited. The token is printed once, on
// create; list never shows secrets. Refused input exits 2 and changes nothing.
import type { Command } from 'commander';
import type { TokenListing } from '../../db/repositories/tokens.repository.js';
import { command, output } from '../context.js';
import { actorOf, refused } from './users.js';

export function registerTokenCommands(tokens: Command): void {
  tokens.command('create').description("make an API token for a person (printed once; only its hash is kept)").argument('<login>')
    .option('--expires-in <duration>', 'e.g. 30d, 12h or 90m (default: does not expire)')
    .option('--as <login>', 'the admin making the change (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, login: string, opts: { expiresIn?: string; as?: string; json?: boolean }) => {
      const { createToken } = await import('../../services/people/tokens.service.js');
      const actor = actorOf(opts);
      const created = await refused(async () => createToken(await ctx.db(), actor, login, { expiresIn: opts.expiresIn }, new Date()));
      output(opts.json, { token: created.token }, () => created.token);
    }));

  tokens.command('list').description("list API tokens (never their secrets), optionally one person's").argument('[login]')
    .option('--json', 'print JSON')
    .action(command(async (ctx, login: string | undefined, opts: { json?: boolean }) => {
      const { TokensRepository } = await import('../../db/repositories/tokens.repository.js');
      const list = await new TokensRepository(await ctx.reads()).list(login);
      output(opts.json, list, () => list.length === 0 ? 'no tokens' : list.map(describe).join('\n'));
    }));

  tokens.command('revoke').description('revoke an API token by its id (see tokens list)').argument('<id>')
    .option('--as <login>', 'the admin making the change (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, id: string, opts: { as?: string; json?: boolean }) => {
      const { revokeToken } = await import('../../services/people/tokens.service.js');
      const actor = actorOf(opts);
      const result = await refused(async () => revokeToken(await ctx.db(), actor, id, new Date()));
      output(opts.json, result, () => result.changed ? `revoked ${id}` : `${id} was already revoked`);
    }));
}

function describe(t: TokenListing): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'does not expire';
  return `${t.id} ${t.login} created ${t.createdAt} by ${t.createdBy}, ${state}, last used ${t.lastUsedAt ?? 'never'}`;
}

// `rcm install show|rebind`: this database's installation identity and the queue prefix's binding
// to it (src/queues/installation-binding.ts). `rebind --confirm` takes a prefix bound to another
// installation over on purpose, deleting that installation's jobs (installation-rebind.ts).
import type { Command } from 'commander';
import { CliError, command, output, redactUrl } from '../context.js';
import type { PrefixBinding } from '../../queues/installation-binding.js';

export function registerInstallCommands(install: Command): void {
  install.command('show')
    .description("this database's installation id, the queue prefix, and what the prefix is bound to")
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { json?: boolean }) => {
      const { readBinding } = await import('../../queues/installation-binding.js');
      const self = await ctx.installation();
      const binding = await readBinding(await ctx.redisConnection(), ctx.config.queuePrefix);
      const status = bindingStatus(binding, self.id);
      output(opts.json, {
        installationId: self.id, database: self.database, prefix: ctx.config.queuePrefix, redis: redactUrl(ctx.config.redis.url),
        status, boundTo: binding ?? null,
      }, () => [
        `installation ${self.id}  database ${self.database}`,
        `queue prefix "${ctx.config.queuePrefix}" on ${redactUrl(ctx.config.redis.url)}: ${status}`,
        ...(binding ? [`  bound to ${binding.installationId} (database ${binding.database}) since ${binding.boundAt}`] : []),
        ...(status === 'another installation' ? ['  engines and commands of this installation refuse it; `rcm install rebind --confirm` takes it over'] : []),
      ].join('\n'));
    }));

  install.command('rebind')
    .description('take the queue prefix over for this installation: deletes every job under it (they belong to the installation it was bound to)')
    .option('--confirm', 'yes: delete the jobs under the prefix and bind it to this installation')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { confirm?: boolean; json?: boolean }) => {
      if (!opts.confirm) {
        throw new CliError(`rebind deletes every job under queue prefix "${ctx.config.queuePrefix}" and binds it to this installation; `
          + 'run it again with --confirm once no engine of the other installation needs that prefix', 2);
      }
      const [{ rebindPrefix }, { QueueSet }, { catalog }, { createLogger }] = await Promise.all([
        import('../../queues/installation-rebind.js'), import('../../queues/queue-set.js'), import('../../queues/registry.js'), import('../../logger.js'),
      ]);
      const self = await ctx.installation();
      const redis = await ctx.redisConnection();
      // Its own queue set over the unbound connection: ctx.queues() would refuse a foreign prefix.
      const queues = new QueueSet(catalog, redis, ctx.config.queuePrefix, createLogger({ logLevel: 'silent' }));
      try {
        const result = await rebindPrefix(redis, queues, self, { noticeMs: ctx.config.installationCheckMs + 1000 });
        output(opts.json, { installationId: self.id, prefix: ctx.config.queuePrefix, ...result, previous: result.previous ?? null }, () => !result.rebound
          ? `queue prefix "${ctx.config.queuePrefix}" is already bound to this installation (${self.id}); nothing removed`
          : [
            `queue prefix "${ctx.config.queuePrefix}" is now bound to installation ${self.id}`,
            result.previous ? `  was bound to ${result.previous.installationId} (database ${result.previous.database})` : '  it was not bound',
            result.obliteratedQueues.length ? `  removed queues ${result.obliteratedQueues.join(', ')} and ${result.deletedKeys} other keys` : '',
          ].filter(Boolean).join('\n'));
      } finally {
        await queues.close();
      }
    }));
}

function bindingStatus(binding: PrefixBinding | undefined, selfId: string): 'this installation' | 'another installation' | 'not bound' | 'being rebound' {
  if (!binding) return 'not bound';
  if (binding.state === 'rebinding') return 'being rebound';
  return binding.installationId === selfId ? 'this installation' : 'another installation';
}

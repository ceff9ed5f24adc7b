#!/usr/bin/env node
// The `rcm` command: a thin client over the same config, database and queues as the engine.
import { Command } from 'commander';
import { registerDbCommands } from './commands/db.js';
import { registerQueueCommands } from './commands/queues.js';
import { registerClaimsCommands } from './commands/claims.js';
import { registerAckCommands } from './commands/acks.js';
import { registerEraCommands } from './commands/era.js';
import { registerTaskCommands } from './commands/tasks.js';

const program = new Command();
program
  .name('rcm')
  .description('Revenue-cycle work-queue engine: claims, posting, reconciliation, collections and follow-up tasks')
  .showHelpAfterError();

registerDbCommands(program);
registerQueueCommands(program);
registerClaimsCommands(program);
registerAckCommands(program);
registerEraCommands(program);
registerTaskCommands(program);

await program.parseAsync(process.argv);

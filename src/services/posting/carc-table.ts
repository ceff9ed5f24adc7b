// Old path of carc-table.service.ts, kept only so `src/cli/commands/era.ts` builds until its import
// moves (the CLI is another part of the refactor). New code imports carc-table.service.js.
export * from './carc-table.service.js';

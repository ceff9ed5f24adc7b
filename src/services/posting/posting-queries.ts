// Old path of posting-queries.service.ts, kept only so the CLI and HTTP routes build until their
// imports move (they are another part of the refactor). New code imports posting-queries.service.js.
export * from './posting-queries.service.js';

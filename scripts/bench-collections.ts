// `npm run bench:collections`: the three measurements issue #12 names, one after another, each in
// its own scratch database (scripts/bench-support.ts): one dunning pass over 200,000 accounts, one
// aging snapshot over 1,000,000 claim lines, and deposit matching for 10,000 deposits. Prints each
// part's seconds and rows/s as JSON (progress on stderr). Target: each under 60 s on 2 cores.
// A benchmark: it measures and reports; it asserts nothing. The parts also run alone:
// `npm run bench:dunning`, `bench:aging`, `bench:deposits`.
import { run as benchDunning } from './bench-dunning.js';
import { run as benchAging } from './bench-aging.js';
import { run as benchDeposits } from './bench-deposits.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

say('dunning: 200,000 accounts...');
const dunning = await benchDunning();
say('aging: 1,000,000 claim lines...');
const aging = await benchAging({ say });
say('deposits: 10,000 deposits...');
const deposits = await benchDeposits();
process.stdout.write(`${JSON.stringify({ dunning, aging, deposits }, null, 2)}\n`);
process.exit(0);

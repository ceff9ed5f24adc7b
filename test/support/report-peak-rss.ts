// Preloaded (`node --import`) into a child process whose memory a test bounds: on exit it writes
// its peak resident set size to stderr, where the test reads it.
process.on('exit', () => process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`));

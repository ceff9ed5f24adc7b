// A strict reader of Prometheus's text exposition format (0.0.4), for tests: every line is a
// `# HELP`, a `# TYPE` or a sample `name{label="value",...} number`; anything else throws. Samples
// are keyed by name and labels sorted by label name, e.g. `rcm_tasks_overdue{type="patient-call"}`.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|\+Inf|-Inf))(?: \d+)?$/;
const LABELS = /^(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export interface Exposition {
  samples: Map<string, number>;
  /** Metric family -> type (counter, gauge, histogram, ...). */
  types: Map<string, string>;
}

export function parseExposition(text: string): Exposition {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`line ${index + 1} is not Prometheus exposition: ${line}`);
    const labels = [...(sample[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]] as const).sort(([a], [b]) => a.localeCompare(b));
    if (!LABELS.test(sample[2] ?? '')) throw new Error(`line ${index + 1} has malformed labels: ${line}`);
    const rebuilt = labels.map(([k, v]) => `${k}="${v}"`).join(',');
    const key = labels.length ? `${sample[1]}{${rebuilt}}` : sample[1];
    samples.set(key, sample[3] === '+Inf' ? Infinity : sample[3] === '-Inf' ? -Infinity : Number(sample[3]));
  }
  return { samples, types };
}

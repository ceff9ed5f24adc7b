import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TASK_SKILLS, TASK_TYPES, TASK_TYPE_NAMES } from '../../../config/task-types.js';
import { allowedOutcomesOf, isTaskType, requiredSkillOf, slaBusinessHoursOf } from '../../../src/domain/tasks/task-types.js';

const ISSUE_TYPES = [
  'claim-edit', 'claim-rejection', 'denial', 'underpayment', 'unmatched-remittance', 'quarantined-file', 'deposit-variance',
  'balance-discrepancy', 'patient-call', 'patient-inquiry', 'claim-status-inquiry', 'filing-deadline', 'payment-plan-missed', 'dead-letter',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('task types (config/task-types.ts)', () => {
  it('has every type of the office vocabulary', () => {
    expect(TASK_TYPE_NAMES).to.include.members(ISSUE_TYPES);
  });

  it('gives every type a known skill, a positive SLA and at least one distinct outcome', () => {
    for (const type of TASK_TYPE_NAMES) {
      expect(TASK_SKILLS, type).to.include(requiredSkillOf(type));
      expect(slaBusinessHoursOf(type), type).to.be.a('number').and.greaterThan(0);
      const outcomes = allowedOutcomesOf(type);
      expect(outcomes, type).to.not.be.empty;
      expect(new Set(outcomes).size, `${type}: outcomes are distinct`).to.equal(outcomes.length);
      for (const outcome of outcomes) expect(outcome, type).to.match(/^[a-z]+(-[a-z]+)*$/);
      expect(TASK_TYPES[type].description, type).to.not.equal('');
    }
  });

  it('covers every type the engine opens a task of', () => {
    // Tasks are opened from object literals `type: '...', subjectType: ...` (FollowUpTaskInput)
    // or from posting findings (PostingTask). The compiler already refuses unknown types there;
    // this also catches a literal that escaped the type, e.g. through a cast.
    const opened = new Set<string>();
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/type: '([a-z-]+)',\s*subjectType:/g)) opened.add(match[1]);
      for (const match of text.matchAll(/tasks\.push\(\{ type: '([a-z-]+)'/g)) opened.add(match[1]);
    }
    expect([...opened]).to.include.members(['claim-edit', 'claim-rejection', 'claim-conflict', 'denial', 'underpayment',
      'unmatched-remittance', 'remittance-conflict', 'quarantined-file']);
    for (const type of opened) expect(isTaskType(type), `${type} is in config/task-types.ts`).to.equal(true);
  });

  it('tells our types from other names', () => {
    expect(isTaskType('denial')).to.equal(true);
    expect(isTaskType('toString')).to.equal(false);
    expect(isTaskType('denials')).to.equal(false);
  });

  it('is listed, with its skill, SLA and outcomes, in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const type of TASK_TYPE_NAMES) {
      const { skill, slaBusinessHours, outcomes } = TASK_TYPES[type];
      const row = `| \`${type}\` | ${skill} | ${slaBusinessHours} | ${outcomes.join(', ')} |`;
      expect(readme, `README row for ${type}`).to.include(row);
    }
  });
});

import { expect } from 'chai';
import { PersonRefused } from '../../../../src/domain/people/person.js';
import { checkLogin, checkTimeZone, formatDays, parseCapacity, parseDays, parseHours, parsePersonFields } from '../../../../src/domain/people/person-fields.js';
import { checkNoLoop } from '../../../../src/domain/people/reporting-chain.js';
import { parseSince } from '../../../../src/domain/people/since.js';

describe('people: fields an administrator types', () => {
  it('parses every field into its stored form', () => {
    expect(parsePersonFields({
      displayName: ' Dana Denials ', role: 'director', skills: 'denial, underpayment,denial', payers: '', certifications: 'cpc,CCS',
      level: 'senior', capacity: '0', timeZone: 'America/Chicago', hours: '07:30-16:00', days: 'mon-wed,fri', active: 'false',
    })).to.deep.equal({
      displayName: 'Dana Denials', role: 'director', skills: ['denial', 'underpayment'], payers: [], certifications: ['CPC', 'CCS'],
      level: 'senior', capacity: 0, timeZone: 'America/Chicago', hours: { start: '07:30', end: '16:00' }, days: [1, 2, 3, 5], active: false,
    });
    expect(parsePersonFields({})).to.deep.equal({});
  });

  it('refuses an unknown role or level, naming the allowed ones', () => {
    expect(() => parsePersonFields({ role: 'boss' })).to.throw(PersonRefused, 'role "boss" is not one of specialist, supervisor, director, admin, operator');
    expect(() => parsePersonFields({ level: '3' })).to.throw(PersonRefused, 'level "3" is not one of entry, mid, senior');
    expect(() => parsePersonFields({ displayName: '  ' })).to.throw(PersonRefused, 'display name');
    expect(() => parsePersonFields({ active: 'maybe' })).to.throw(PersonRefused, 'active must be true or false');
  });

  it('refuses a capacity below zero or not a whole number', () => {
    expect(parseCapacity('25')).to.equal(25);
    expect(() => parseCapacity('-1')).to.throw(PersonRefused, 'capacity cannot be below zero');
    for (const bad of ['1.5', 'many', '', '1e3']) expect(() => parseCapacity(bad), bad).to.throw(PersonRefused, 'whole number');
  });

  it('accepts IANA time zones only', () => {
    expect(checkTimeZone('America/New_York')).to.equal('America/New_York');
    expect(checkTimeZone('UTC')).to.equal('UTC');
    expect(() => checkTimeZone('Mars/Olympus')).to.throw(PersonRefused, 'not a known IANA zone');
    for (const bad of ['EST', '+05:00', 'UTC+3', '']) expect(() => checkTimeZone(bad), bad).to.throw(PersonRefused, 'time zone');
  });

  it('refuses working hours that are malformed, impossible or end before they start', () => {
    expect(parseHours('08:00-17:00')).to.deep.equal({ start: '08:00', end: '17:00' });
    expect(() => parseHours('8-5')).to.throw(PersonRefused, 'must look like 08:00-17:00');
    expect(() => parseHours('08:00-24:00')).to.throw(PersonRefused, '24:00 is not a time of day');
    expect(() => parseHours('09:75-17:00')).to.throw(PersonRefused, 'not a time of day');
    expect(() => parseHours('17:00-08:00')).to.throw(PersonRefused, 'the start must be before the end');
    expect(() => parseHours('09:00-09:00')).to.throw(PersonRefused, 'the start must be before the end');
  });

  it('reads working days as ranges and lists', () => {
    expect(parseDays('mon-fri')).to.deep.equal([1, 2, 3, 4, 5]);
    expect(parseDays('sat,sun')).to.deep.equal([6, 7]);
    expect(formatDays(parseDays('MON,wed,fri'))).to.equal('mon,wed,fri');
    expect(() => parseDays('fri-mon')).to.throw(PersonRefused, 'runs backwards');
    expect(() => parseDays('mon-funday')).to.throw(PersonRefused, '"funday" is not one of');
    expect(() => parseDays(',')).to.throw(PersonRefused, 'name no day');
  });

  it('checks logins', () => {
    expect(checkLogin('dana.d')).to.equal('dana.d');
    for (const bad of ['', 'Dana', 'a b', '-x', 'x'.repeat(61)]) expect(() => checkLogin(bad), bad).to.throw(PersonRefused, 'login');
  });
});

describe('people: the reporting chain', () => {
  const chain = new Map<string, string | null>([['spec', 'sup'], ['sup', 'dir'], ['dir', null], ['other', null]]);

  it('allows a chain that ends', () => {
    expect(() => checkNoLoop('other', 'spec', chain)).not.to.throw();
    expect(() => checkNoLoop('spec', 'dir', chain)).not.to.throw();
  });

  it('refuses a person as their own supervisor', () => {
    expect(() => checkNoLoop('sup', 'sup', chain)).to.throw(PersonRefused, 'supervisor loop in the reporting chain: sup -> sup');
  });

  it('refuses a loop through others, showing it', () => {
    expect(() => checkNoLoop('sup', 'spec', chain)).to.throw(PersonRefused, 'sup -> spec -> sup');
    expect(() => checkNoLoop('dir', 'spec', chain)).to.throw(PersonRefused, 'dir -> spec -> sup -> dir');
  });

  it('stops at a loop elsewhere rather than going round for ever', () => {
    const broken = new Map<string, string | null>([['a', 'b'], ['b', 'a'], ['c', null]]);
    expect(() => checkNoLoop('c', 'a', broken)).not.to.throw();
  });
});

describe('audit: --since', () => {
  const now = new Date('2026-12-04T15:00:00Z');
  it('reads durations back from now and ISO times', () => {
    expect(parseSince('24h', now).toISOString()).to.equal('2026-12-03T15:00:00.000Z');
    expect(parseSince('30m', now).toISOString()).to.equal('2026-12-04T14:30:00.000Z');
    expect(parseSince('7d', now).toISOString()).to.equal('2026-11-27T15:00:00.000Z');
    expect(parseSince('2026-12-04T09:00:00-05:00', now).toISOString()).to.equal('2026-12-04T14:00:00.000Z');
  });
  it('refuses anything else', () => {
    for (const bad of ['yesterday', '24', '5y', '']) expect(() => parseSince(bad, now), bad).to.throw(PersonRefused, '--since');
  });
  it('takes task types and desk skills as skills, and refuses any other naming both lists', () => {
    expect(parsePersonFields({ skills: 'denial,posting' }).skills).to.deep.equal(['denial', 'posting']);
    expect(() => parsePersonFields({ skills: 'denial,coding-wizardry' })).to.throw(PersonRefused, /unknown skill "coding-wizardry": a skill is a task type \(.*denial.*\) or a desk skill \(.*posting.*\)/);
  });
});

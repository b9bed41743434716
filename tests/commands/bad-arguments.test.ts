import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/commands/command.js';
import { orcidCheckDigit } from '../../src/records/validators.js';
import { admin, type ServiceFixture, serviceFixture } from './service-fixture.js';

let fixture: ServiceFixture;
beforeAll(async () => {
  fixture = await serviceFixture();
});
afterAll(() => fixture.close());

const long = (prefix = '') => prefix + 'a'.repeat(201 - prefix.length);

/** Each bad request, with what the answer must say was wrong. */
const cases: [string, CommandRequest, string][] = [
  ['empty name', { name: 'watch', action: 'add', personName: '  ' }, 'the name is missing'],
  ['short name', { name: 'watch', action: 'add', personName: 'Al' }, '"Al" is not a full name'],
  [
    'long name',
    { name: 'watch', action: 'add', personName: long() },
    'the name is 201 characters long; at most 200',
  ],
  [
    'malformed ORCID',
    { name: 'watch', action: 'add', personName: 'Matthieu Wyart', orcid: '0000-0002-1825' },
    '"0000-0002-1825" is not an ORCID such as 0000-0002-1825-0097',
  ],
  [
    'ORCID with a wrong check digit',
    { name: 'watch', action: 'add', personName: 'Matthieu Wyart', orcid: '0000-0002-1825-0098' },
    '"0000-0002-1825-0098" is not a valid ORCID: its check digit is wrong',
  ],
  [
    'long ORCID',
    { name: 'watch', action: 'add', personName: 'Matthieu Wyart', orcid: long('0000-') },
    'the ORCID is 201 characters long',
  ],
  [
    'malformed arXiv author id',
    { name: 'watch', action: 'add', personName: 'Matthieu Wyart', arxivAuthorId: 'wyart m' },
    '"wyart m" is not an arXiv author id such as favero_a_1',
  ],
  ['empty person id', { name: 'watch', action: 'remove', id: '' }, 'the id is missing'],
  ['long person id', { name: 'watch', action: 'remove', id: long() }, 'the id is 201 characters long'],
  [
    'unknown person id',
    { name: 'watch', action: 'remove', id: 'nobody' },
    'no watched person has the id "nobody" (known: favero)',
  ],
  ['empty URL', { name: 'feed', action: 'add', url: '', kind: 'paper' }, 'the URL is missing'],
  [
    'long URL',
    { name: 'feed', action: 'add', url: long('https://example.org/'), kind: 'paper' },
    'the URL is 201 characters long',
  ],
  [
    'malformed URL',
    { name: 'feed', action: 'add', url: 'example.org/feed', kind: 'paper' },
    '"example.org/feed" is not an http:// or https:// URL',
  ],
  [
    'URL of another scheme',
    { name: 'feed', action: 'add', url: 'ftp://example.org/feed', kind: 'paper' },
    'is not an http:// or https:// URL',
  ],
  [
    'unknown kind',
    { name: 'feed', action: 'add', url: 'https://example.org/feed', kind: 'poster' },
    '"poster" is not a kind of feed: use paper or talk',
  ],
  ['empty feed id', { name: 'feed', action: 'resume', id: ' ' }, 'the id is missing'],
  [
    'unknown feed id',
    { name: 'feed', action: 'remove', id: 'nope' },
    'no feed has the id "nope" (known: group-blog)',
  ],
  ['unknown feed to resume', { name: 'feed', action: 'resume', id: 'nope' }, 'no feed has the id "nope"'],
  ['long query', { name: 'papers', query: long() }, 'the query is 201 characters long'],
  ['long author', { name: 'papers', query: 'x', author: long() }, 'author: is 201 characters long'],
  ['long talks query', { name: 'talks', query: long() }, 'the query is 201 characters long'],
];

describe('bad arguments', () => {
  it.each(cases)(
    '%s: says what was wrong, with the usage, and changes nothing',
    async (_, request, problem) => {
      const before = await fixture.store.watchlist.apply(fixture.config.people, fixture.config.feeds);
      const reply = await fixture.run(request, admin);
      expect(reply.status).toBe('invalid');
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toContain(problem);
      expect(reply.text).toContain(`Usage: /${request.name}`);
      expect(await fixture.store.watchlist.apply(fixture.config.people, fixture.config.feeds)).toEqual(
        before,
      );
    },
  );

  it('accepts exactly 200 characters', async () => {
    const reply = await fixture.run({ name: 'papers', query: 'a'.repeat(200) }, admin);
    expect(reply.status).toBe('empty');
  });
});

describe('ORCID check digit', () => {
  it('is ISO 7064 mod 11-2', () => {
    expect(orcidCheckDigit('000000021825009')).toBe('7');
    expect(orcidCheckDigit('000000015109370')).toBe('0');
    expect(orcidCheckDigit('000000021694233')).toBe('X');
  });
});

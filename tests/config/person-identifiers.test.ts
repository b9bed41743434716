/**
 * One set of rules for a person's ORCID and arXiv author id: what the config file accepts is
 * exactly what `/watch add` accepts, and ORCIDs carry their ISO 7064 mod 11-2 check digit.
 * Checked against real ORCIDs from Crossref and OpenAlex answers (tests/fixtures/scholarly).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { ConfigError, parseConfigText } from '../../src/config/load.js';
import { admin, type ServiceFixture, serviceFixture } from '../commands/service-fixture.js';

const env = readEnv({});
const SCHOLARLY = new URL('../fixtures/scholarly/', import.meta.url);

/** Every ORCID in the real Crossref and OpenAlex answers: issued by ORCID, so all valid. */
function realOrcids(): string[] {
  const ids = new Set<string>();
  for (const name of readdirSync(SCHOLARLY)) {
    const text = readFileSync(new URL(name, SCHOLARLY), 'utf8');
    for (const match of text.matchAll(/orcid\.org\\?\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/g)) ids.add(match[1]!);
  }
  return [...ids];
}

/** The same ORCID with its check character replaced by every wrong one. */
function withWrongCheck(orcid: string): string[] {
  return [...'0123456789X']
    .filter((check) => check !== orcid.at(-1))
    .map((check) => orcid.slice(0, -1) + check);
}

function configProblems(person: Record<string, string>): string[] {
  const fields = Object.entries(person)
    .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)
    .join('\n');
  try {
    parseConfigText(`people:\n  - id: poe\n    name: Mary Poe\n${fields}\n`, 'herald.yaml', env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
}

let fixture: ServiceFixture;
beforeAll(async () => {
  fixture = await serviceFixture();
});
afterAll(() => fixture.close());

async function commandAccepts(field: 'orcid' | 'arxivAuthorId', value: string): Promise<boolean> {
  const reply = await fixture.run(
    { name: 'watch', action: 'add', personName: 'Mary Poe', [field]: value },
    admin,
  );
  if (reply.status === 'ok') {
    await fixture.run({ name: 'watch', action: 'remove', id: 'poe' }, admin);
    return true;
  }
  expect(reply.status, reply.text).toBe('invalid');
  return false;
}

describe('ORCIDs', () => {
  const real = realOrcids();

  it('finds real ORCIDs in the fixtures', () => {
    expect(real.length).toBeGreaterThanOrEqual(10);
  });

  it('accepts every real ORCID in the config', () => {
    for (const orcid of real) expect(configProblems({ orcid }), orcid).toEqual([]);
  });

  it('refuses in the config an ORCID whose check digit is wrong, naming the key', () => {
    for (const orcid of real.flatMap(withWrongCheck)) {
      expect(configProblems({ orcid }), orcid).toEqual([
        'herald.yaml: people.0.orcid: is not a valid ORCID: its check digit is wrong',
      ]);
    }
  });
});

describe('the config and /watch add agree', () => {
  const cases: ['orcid' | 'arxivAuthorId', string, boolean][] = [
    ['orcid', '0000-0002-1825-0097', true],
    ['orcid', '0000-0002-1694-233x', true],
    ['orcid', 'https://orcid.org/0000-0002-1825-0097', true],
    ['orcid', '0000-0002-1825-0098', false],
    ['orcid', '0000-0000-0000-0000', false],
    ['orcid', '0000-0002-1825', false],
    ['orcid', 'favero_a_1', false],
    ['arxivAuthorId', 'favero_a_1', true],
    ['arxivAuthorId', 'Favero_A_1', true],
    ['arxivAuthorId', 'garcia-perez_j_2', true],
    ['arxivAuthorId', '0000-0002-1825-0097', false],
    ['arxivAuthorId', 'wyart m', false],
    ['arxivAuthorId', 'favero', false],
    ['arxivAuthorId', 'not an id!', false],
  ];

  it.each(cases)('%s %s: accepted %s by both', async (field, value, accepted) => {
    expect(configProblems({ [field]: value }).length === 0, 'config').toBe(accepted);
    expect(await commandAccepts(field, value), 'command').toBe(accepted);
  });

  it('says an ORCID given as the arXiv author id belongs under orcid', async () => {
    expect(configProblems({ arxivAuthorId: '0000-0002-1825-0097' })).toEqual([
      'herald.yaml: people.0.arxivAuthorId: is an ORCID, not an arXiv author id: give it as the ORCID',
    ]);
  });
});

describe('the shipped config', () => {
  it('stays valid with its commented arXiv author id and ORCID examples switched on', async () => {
    const shipped = readFileSync('config/herald.yaml', 'utf8');
    const switchedOn = shipped.replace(/^(\s*)# (arxivAuthorId|orcid): (\S+).*$/gm, '$1$2: $3');
    expect(switchedOn).toMatch(/^\s+orcid: \d{4}-/m);
    expect(switchedOn).toMatch(/^\s+arxivAuthorId: \w+/m);
    expect(() => parseConfigText(switchedOn, 'herald.yaml', env)).not.toThrow();
  });
});

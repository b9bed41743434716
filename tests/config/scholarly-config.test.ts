/**
 * The scholarly keys of herald.yaml: each source's block with its defaults, people's ids in the
 * forms people copy them, each bad value named with its key, the published limits enforced only
 * against the real services, and what `herald check` should say of a source that will stay off.
 */
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { configNotices, parseConfigText } from '../../src/config/load.js';
import { SCHOLARLY_DEFAULTS } from '../../src/config/scholarly-limits.js';
import { problemsOf } from './problems.js';

describe('scholarly sources in the config', () => {
  it('takes the interface of the issue, with defaults at each service’s published limit', () => {
    const config = parseConfigText(
      `
crossref: { enabled: true, mailto: lab@example.org }
openalex: { enabled: false }
inspire: { enabled: false }
biorxiv: { enabled: false, servers: [biorxiv, medrxiv] }
pubmed: { enabled: false, email: lab@example.org }
dblp: { enabled: false }
people:
  - id: favero
    name: Alessandro Favero
    orcid: 0000-0002-1825-0097
    openalexId: https://openalex.org/A5023888391
    inspireId: A.Favero.1
    dblpPid: https://dblp.org/pid/284/9516.html
`,
      'herald.yaml',
      readEnv({}),
    );
    expect(config.crossref).toEqual({
      enabled: true,
      mailto: 'lab@example.org',
      requestIntervalMs: 1000,
      maxPages: 5,
    });
    expect(config.schedule.scholarly).toBe('30 6 * * *');
    for (const name of Object.keys(SCHOLARLY_DEFAULTS) as (keyof typeof SCHOLARLY_DEFAULTS)[])
      expect(config[name].requestIntervalMs).toBe(SCHOLARLY_DEFAULTS[name].requestIntervalMs);
    expect(config.people[0]).toMatchObject({
      openalexId: 'A5023888391',
      inspireId: 'A.Favero.1',
      dblpPid: '284/9516',
    });
  });

  it('names every bad value with its key', () => {
    const problems = problemsOf(`
crossref: { enabled: yes, mailto: not-an-address }
biorxiv: { servers: [arxiv] }
openalex: { requestIntervalMs: -1, key: abc }
people:
  - { id: a, name: Ada Lovelace, openalexId: W123, inspireId: "Lovelace", dblpPid: "not a pid" }
`);
    expect(problems).toEqual([
      'herald.yaml: crossref.enabled: Invalid input: expected boolean, received string',
      'herald.yaml: crossref.mailto: must be an e-mail address such as lab@example.org',
      'herald.yaml: openalex.requestIntervalMs: Too small: expected number to be >=0',
      'herald.yaml: openalex: unknown key(s): key',
      'herald.yaml: biorxiv.servers.0: Invalid option: expected one of "biorxiv"|"medrxiv"',
      'herald.yaml: people.0.openalexId: is not an OpenAlex author id such as A5023888391',
      'herald.yaml: people.0.inspireId: is not an INSPIRE author id such as E.Witten.1 or INSPIRE-00140145',
      'herald.yaml: people.0.dblpPid: is not a DBLP person id such as 34/7659',
    ]);
  });

  it('refuses an interval below the published limit against the real service, not against a mirror', () => {
    const yaml = 'inspire: { enabled: true, requestIntervalMs: 10 }\ndblp: { requestIntervalMs: 1000 }';
    expect(problemsOf(yaml)).toEqual([
      'herald.yaml: inspire.requestIntervalMs: must be at least 350 when talking to the real inspire service (its published limit)',
      'herald.yaml: dblp.requestIntervalMs: must be at least 6000 when talking to the real dblp service (its published limit)',
    ]);
    const mirrors = readEnv({
      INSPIRE_API_URL: 'http://127.0.0.1:9/inspire',
      DBLP_URL: 'http://127.0.0.1:9/dblp/',
    });
    expect(problemsOf(yaml, mirrors)).toEqual([]);
    expect(mirrors.scholarly.dblp).toBe('http://127.0.0.1:9/dblp');
    expect(readEnv({ PUBMED_API_URL: 'http://127.0.0.1:9/eutils' }).scholarly.pubmed).toBe(
      'http://127.0.0.1:9/eutils/',
    );
  });

  it('says why OpenAlex stays off without OPENALEX_API_KEY, and what Crossref misses without mailto', () => {
    const yaml = 'openalex: { enabled: true }\ncrossref: { enabled: true }';
    const config = parseConfigText(yaml, 'herald.yaml', readEnv({}));
    expect(configNotices(config, 'herald.yaml', readEnv({}))).toEqual([
      'herald.yaml: openalex.enabled: OpenAlex is off: it needs an API key in OPENALEX_API_KEY (free at openalex.org/settings/api)',
      "herald.yaml: crossref.mailto: not set: Crossref's polite pool (faster, more reliable) needs a contact address",
    ]);
    const withKey = readEnv({ OPENALEX_API_KEY: 'k-123456' });
    expect(configNotices(config, 'herald.yaml', withKey)).toHaveLength(1);
  });
});

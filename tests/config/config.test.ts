import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { loadConfig, parseConfigText } from '../../src/config/load.js';
import { VERSION } from '../../src/version.js';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { createWorkspace } from '../support/workspace.js';
import { problemsOf } from './problems.js';

const env = readEnv({});

describe('the config file', () => {
  it('ships valid, watching the seed researcher', async () => {
    const { config } = await loadConfig('config/herald.yaml', env);
    expect(config.people.map((p) => p.name)).toContain('Alessandro Favero');
    expect(config.arxiv.requestIntervalMs).toBeGreaterThanOrEqual(3000);
  });

  it('lists every problem with its key path, not just the first', () => {
    const problems = problemsOf(`
timezone: Mars/Olympus
schedule: { papers: "61 * * * *" }
backfill: -1
people:
  - id: favero
    name: Alessandro Favero
    orcid: 1234
  - id: favero
    name: Alessandro Favero
feeds:
  - id: blog
    url: ftp://example.org/feed
    kind: papers
channels:
  - id: lab
    platform: irc
    target: x
    people: [nobody]
adminChannel: elsewhere
colour: blue
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'herald.yaml: timezone: is not an IANA time zone such as Europe/London',
        expect.stringMatching(/^herald\.yaml: schedule\.papers: is not a valid cron expression/),
        expect.stringMatching(/^herald\.yaml: backfill: /),
        expect.stringMatching(/^herald\.yaml: people\.0\.orcid: /),
        'herald.yaml: people.1.id: duplicate id "favero"',
        'herald.yaml: feeds.0.url: is not an http:// or https:// URL',
        expect.stringMatching(/^herald\.yaml: feeds\.0\.kind: /),
        expect.stringMatching(/^herald\.yaml: channels\.0\.platform: /),
        expect.stringMatching(/^herald\.yaml: channels\.0\.people\.0: names no watched person "nobody"/),
        expect.stringMatching(/^herald\.yaml: adminChannel: names no channel/),
        'herald.yaml: (top level): unknown key(s): colour',
      ]),
    );
    expect(problems).toHaveLength(11);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('people:\n  - id: a\n   name: broken')[0]).toMatch(/^herald\.yaml: line \d+: YAML: /);
  });

  it('refuses an arXiv interval under 3 s when talking to arxiv.org, allows it for a local fake', () => {
    const yaml = 'arxiv: { requestIntervalMs: 100 }';
    expect(problemsOf(yaml)).toEqual([
      "herald.yaml: arxiv.requestIntervalMs: must be at least 3000 when talking to arxiv.org (arXiv's terms of use)",
    ]);
    const local = readEnv({
      ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
      ARXIV_AUTHOR_FEED_URL: 'http://127.0.0.1:9/a/',
    });
    expect(parseConfigText(yaml, 'herald.yaml', local).arxiv.requestIntervalMs).toBe(100);
  });

  it('`herald check` exits 2 listing the problems, and 0 on a valid file', async () => {
    const workspace = await createWorkspace();
    try {
      await workspace.writeConfig('backfill: lots\nchannels: [{ id: c, platform: slack }]\n');
      const bad = await runCli(['check', '--config', workspace.configPath]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`${workspace.configPath}: backfill: `);
      expect(bad.stderr).toContain(`${workspace.configPath}: channels.0.target: `);
      // The shipped config, found from the checkout as a user runs it.
      const good = await runCli(['check'], {}, { cwd: PROJECT_ROOT });
      expect(good.code).toBe(0);
      expect(good.stdout).toContain('config/herald.yaml: OK');
    } finally {
      await workspace.remove();
    }
  });

  it('`herald run` with an invalid config exits 2 before touching anything', async () => {
    const workspace = await createWorkspace();
    try {
      await workspace.writeConfig('people: [{ id: x }]\n');
      const result = await runCli(['run', '--once', '--config', workspace.configPath], {
        DATA_DIR: workspace.dataDir,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('people.0.name: is required');
    } finally {
      await workspace.remove();
    }
  });

  it('keeps src/version.ts in step with package.json', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).version).toBe(VERSION);
  });
});

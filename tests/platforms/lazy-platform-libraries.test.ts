/**
 * The Discord libraries (@discordjs/*, discord.js) and Bolt (and the Slack Web API) are loaded only
 * when their platform is configured: a console-only run and the commands that post nothing never
 * pay for them. The real `herald`
 * runs with a preload (tests/support/loaded-modules/record.mjs) that writes, at exit, every module
 * the process loaded: ES module imports as resolved, and CommonJS modules from require's cache.
 * A run with the tokens set shows that the same check sees these libraries when they are loaded.
 * The feed and calendar readers likewise load only when a feed or calendar is read.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, blogRss, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const RECORDER = fileURLToPath(new URL('../support/loaded-modules/record.mjs', import.meta.url));
const PLATFORM_LIBRARY = /\/node_modules\/(discord\.js|@discordjs|@slack)\//;

let arxiv: FixtureServer;
let workspace: Workspace;
let env: Record<string, string>;
let runs = 0;

beforeAll(async () => {
  arxiv = await startFixtureServer();
  arxiv.route('/api/query', { body: arxivAtom(seedPapers()) });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: console, target: stdout }]
`);
  env = {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
  };
});

afterAll(async () => {
  await arxiv.close();
  await workspace.remove();
});

/** Runs `herald args` to its end and returns the files of every module it loaded. */
async function modulesLoadedBy(args: string[], extraEnv: Record<string, string> = {}): Promise<string[]> {
  runs += 1;
  const list = `${workspace.dir}/modules-${runs}.txt`;
  const result = await runCli(args, {
    ...env,
    ...extraEnv,
    NODE_OPTIONS: `--import=${RECORDER}`,
    HERALD_TEST_LOADED_MODULES: list,
  });
  expect(result.code, result.stderr).toBe(0);
  const modules = (await readFile(list, 'utf8')).split('\n');
  // The recorder saw the program itself, or the list proves nothing.
  expect(
    modules.some((file) => file.includes('/src/cli/main.ts') || file.includes('/dist/cli/main.js')),
  ).toBe(true);
  return modules;
}

describe('platform libraries', () => {
  it.each([
    ['herald run --once', ['run', '--once']],
    ['herald status', ['status']],
    ['herald papers', ['papers', 'diffusion']],
  ])('%s without tokens loads neither discord.js nor Bolt', async (_, args) => {
    const modules = await modulesLoadedBy([...args, '--config', workspace.configPath]);
    expect(modules.filter((file) => PLATFORM_LIBRARY.test(file))).toEqual([]);
  });

  it('are loaded when their tokens are set (so the check above can see them)', async () => {
    const modules = await modulesLoadedBy(['run', '--once', '--config', workspace.configPath], {
      DISCORD_TOKEN: 'unused-token',
      SLACK_BOT_TOKEN: 'xoxb-unused',
    });
    expect(modules.some((file) => /\/node_modules\/@discordjs\/rest\//.test(file))).toBe(true);
    expect(modules.some((file) => /\/node_modules\/@slack\/web-api\//.test(file))).toBe(true);
    // Posting needs @discordjs/rest alone: discord.js is for the sharding parent only.
    expect(modules.filter((file) => /\/node_modules\/discord\.js\//.test(file))).toEqual([]);
  });
});

/** What reads feeds and calendars: loaded at the first feed or calendar read, not at start. */
const FEED_READER = /\/node_modules\/(rss-parser|xml2js|html-to-text|htmlparser2|ical\.js|windows-iana)\//;

describe('feed and calendar readers', () => {
  it('a bot without feeds never loads them', async () => {
    const modules = await modulesLoadedBy(['run', '--once', '--config', workspace.configPath]);
    expect(modules.filter((file) => FEED_READER.test(file))).toEqual([]);
  });

  it('a feed loads them when it is read (so the check above can see them)', async () => {
    arxiv.route('/blog.xml', { body: blogRss(seedPapers()), contentType: 'application/rss+xml' });
    const withFeed = `${workspace.dir}/with-feed.yaml`;
    await writeFile(
      withFeed,
      `${await readFile(workspace.configPath, 'utf8')}feeds: [{ id: blog, url: "${arxiv.url('/blog.xml')}", kind: paper }]\n`,
    );
    const modules = await modulesLoadedBy(['run', '--once', '--config', withFeed]);
    expect(modules.some((file) => /\/node_modules\/rss-parser\//.test(file))).toBe(true);
    expect(modules.some((file) => /\/node_modules\/html-to-text\//.test(file))).toBe(true);
  });
});

/**
 * The production build (bin/build.js: an esbuild bundle split in chunks) run as it ships. The
 * other tests run the sources through tsx; this one builds a copy of the bundle and runs it the
 * way the Docker image does: package.json, bin/ and dist/ in one directory without src/, so
 * bin/herald.js runs dist/. The directory is made under node_modules/.cache, so that the packages
 * left out of the bundle resolve from the project's node_modules, and the project's own dist/
 * (which bin/herald.js in the checkout may run, in other tests) is left alone.
 *
 * It checks what bundling could break: the lazy loading of the platform libraries (chunks mapped
 * back to their modules through esbuild's metafile), a paper to Discord and Slack and a talk's
 * .ics uploaded to Discord (multipart, through @discordjs/rest and our one undici), the gateway bot
 * running without discord.js, an error logged with its class, code and stack, and a Discord shard
 * process (found by its path from a chunk).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { within } from '../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { labRunConfig, NOT_LOADED_BY_PAPERS, serveLabSources } from '../support/lab-run.js';
import { cleanEnv, PROJECT_ROOT, runNode } from '../support/run-cli.js';
import { seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const TRACER = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));
/** Four days before the calendar's talk by Alessandro Favero (2026-04-14), inside the 14-day window. */
const NOW = '2026-04-10T08:00:00Z';
/** Discord's application command option type of a string (ApplicationCommandOptionType.String). */
const STRING_OPTION = 3;
const newest = seedPapers()[0]!;

interface LoggedError {
  type: string;
  code: string;
  stack: string;
  cause?: LoggedError;
}

interface Metafile {
  inputs: Record<string, { imports: { path: string; original?: string }[] }>;
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let root: string;
let meta: Metafile;
let discord: FakeDiscord;
let slack: FakeSlack;
let server: FixtureServer;
let workspace: Workspace;
let traces = 0;

beforeAll(async () => {
  mkdirSync(join(PROJECT_ROOT, 'node_modules/.cache'), { recursive: true });
  root = mkdtempSync(join(PROJECT_ROOT, 'node_modules/.cache/herald-bundle-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(PROJECT_ROOT, 'package.json'), join(root, 'package.json'));
  for (const file of ['herald.js', 'herald-discord-shard.js', 'entry.js'])
    copyFileSync(join(PROJECT_ROOT, 'bin', file), join(root, 'bin', file));
  const build = await within(
    50_000,
    'bin/build.js to bundle the sources',
    runNode(
      [join(PROJECT_ROOT, 'bin/build.js'), '--outdir', join(root, 'dist'), '--metafile'],
      cleanEnv(),
      PROJECT_ROOT,
    ),
    () => 'bin/build.js still running',
  );
  expect(build.code, build.stderr).toBe(0);
  // esbuild warns about nothing it was not told to expect.
  expect(build.stderr).toBe('');
  meta = JSON.parse(readFileSync(join(root, 'dist/meta.json'), 'utf8')) as Metafile;

  [discord, slack, server, workspace] = await Promise.all([
    FakeDiscord.start(),
    FakeSlack.start(),
    startFixtureServer(),
    createWorkspace(),
  ]);
  serveLabSources(server);
  await workspace.writeConfig(labRunConfig(server, discord.textChannelId));
}, 90_000);

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), server?.close(), workspace?.remove()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A file to trace the modules of `herald` into (tests/support/module-trace.mjs), and its reader. */
function moduleTrace(): { env: Record<string, string>; files: () => string[] } {
  traces += 1;
  const file = join(workspace.dir, `trace-${traces}.txt`);
  writeFileSync(file, '');
  return {
    env: { NODE_OPTIONS: `--import ${TRACER}`, MODULE_TRACE: file },
    files: () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file:'))
        .map((url) => fileURLToPath(url)),
  };
}

/** What the loaded files hold: the bundle's chunks mapped back to their modules. */
function contentsOf(files: string[]): { packages: Set<string>; ours: string[]; outside: string[] } {
  const packages = new Set<string>();
  const ours: string[] = [];
  const outside: string[] = [];
  for (const file of files) {
    if (file.startsWith(join(root, 'bin') + sep)) continue;
    if (!file.startsWith(join(root, 'dist') + sep)) {
      outside.push(relative(PROJECT_ROOT, file));
      continue;
    }
    const output = meta.outputs[relative(PROJECT_ROOT, file).split(sep).join('/')];
    if (!output) throw new Error(`${file} is not an output of the build`);
    for (const input of Object.keys(output.inputs)) {
      const name = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].at(-1)?.[1];
      if (name) packages.add(name);
      else ours.push(input);
    }
  }
  return { packages, ours, outside };
}

/** Nothing reaches arxiv.org. */
function arxivEnv(): Record<string, string> {
  return { ARXIV_API_URL: server.url('/api/query'), ARXIV_AUTHOR_FEED_URL: server.url('/a/') };
}

function herald(args: string[], env: Record<string, string>): HeraldProcess {
  return new HeraldProcess(args, env, { entry: [join(root, 'bin/herald.js')] });
}

async function exitOf(process: HeraldProcess, ms: number) {
  return within(ms, 'herald to exit', process.exited, () => process.stderr.slice(-3000));
}

/** `herald run` with its Discord gateway connected to the fake Discord, on the store of run --once. */
function gatewayRun(env: Record<string, string>): HeraldProcess {
  return herald(['run', '--config', workspace.configPath], {
    ...arxivEnv(),
    DATA_DIR: workspace.dataDir,
    DISCORD_TOKEN: 'bundle-e2e-token',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.state.guildId,
    ...env,
  });
}

/** /papers diffusion, sent over the gateway, is answered with papers about diffusion. */
async function expectPapersAnswered(): Promise<void> {
  const answer = await discord.sendCommand('papers', [
    { type: STRING_OPTION, name: 'query', value: 'diffusion' },
  ]);
  expect(JSON.stringify(answer.answer.body).toLowerCase()).toContain('diffusion');
}

async function expectCleanExit(run: HeraldProcess): Promise<void> {
  run.signal('SIGTERM');
  expect((await exitOf(run, 20_000)).code).toBe(0);
}

describe('the bundle', () => {
  it('herald --version loads the command line alone', async () => {
    const trace = moduleTrace();
    const run = herald(['--version'], trace.env);
    expect((await exitOf(run, 20_000)).code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const { packages, ours, outside } = contentsOf(trace.files());
    // Run from the bundle, bin/ aside: nothing of the sources or of the project's own dist/.
    expect(outside).toEqual([]);
    expect([...packages]).toEqual(['commander']);
    const cliOnly =
      /^src\/(cli\/[\w-]+|version|errors|config\/dotenv|records\/validators|records\/person-names)\.ts$/;
    expect(ours.filter((file) => !cliOnly.test(file))).toEqual([]);
  });

  it('herald papers loads the store, no chat platform, network client, Redis client or pretty printer', async () => {
    const trace = moduleTrace();
    const run = herald(['papers', 'diffusion', '--config', workspace.configPath], {
      ...trace.env,
      ...arxivEnv(),
      DATA_DIR: join(workspace.dir, 'papers-data'),
    });
    expect((await exitOf(run, 30_000)).code, run.stderr).toBe(0);
    const { packages, outside } = contentsOf(trace.files());
    expect(outside.some((file) => file.includes('node_modules/sqlite3/'))).toBe(true);
    for (const name of NOT_LOADED_BY_PAPERS) {
      expect(packages, name).not.toContain(name);
      expect(outside.filter((file) => file.includes(`node_modules/${name}/`))).toEqual([]);
    }
  });

  it('holds one undici: ours, which @discordjs/rest, discord.js and Bolt import too', () => {
    const undiciCopies = new Set(
      Object.keys(meta.inputs).flatMap((input) => /^(.*node_modules\/undici)\//.exec(input)?.[1] ?? []),
    );
    expect([...undiciCopies]).toEqual(['node_modules/undici']);
    const importsUndici = (input: string) =>
      meta.inputs[input]?.imports.some((i) => i.path.startsWith('node_modules/undici/')) ?? false;
    // The ES module build of @discordjs/rest (our code and @discordjs/core), its CommonJS build
    // (discord.js, in the sharding parent), and our REST request function.
    for (const input of [
      'node_modules/@discordjs/rest/dist/index.mjs',
      'node_modules/@discordjs/rest/dist/index.js',
      'src/platforms/discord/rest-request.ts',
    ])
      expect(importsUndici(input), input).toBe(true);
  });

  it('herald run --once posts a paper to Discord and Slack and uploads a talk .ics to Discord', {
    timeout: 120_000,
  }, async () => {
    const trace = moduleTrace();
    const run = herald(['run', '--once', '--now', NOW, '--config', workspace.configPath], {
      ...trace.env,
      ...arxivEnv(),
      DATA_DIR: workspace.dataDir,
      DISCORD_TOKEN: 'bundle-e2e-token',
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-bundle-e2e',
      SLACK_API_URL: slack.apiUrl,
    });
    expect((await exitOf(run, 100_000)).code, run.stderr.slice(-3000)).toBe(0);
    expect(contentsOf(trace.files()).outside.filter((file) => !file.startsWith('node_modules/'))).toEqual([]);

    const heads = discord
      .requestsTo('POST', `/channels/${discord.textChannelId}/messages`)
      .map((request) => request.body.embeds?.[0]?.title);
    expect(heads).toContain(newest.title);
    expect(JSON.stringify(slack.messagesIn('C_LAB'))).toContain(newest.title);

    const uploads = discord.requests.filter((request) => request.files.length > 0);
    expect(uploads.map((request) => request.files.map((file) => [file.name, file.contentType]))).toEqual([
      [['talk.ics', 'text/calendar']],
    ]);
    expect(uploads[0]!.files[0]!.content).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*Favero[\s\S]*END:VCALENDAR/);
    // Discord took it: the fake stored the message with its attachment.
    const stored = [...discord.state.messages.values()].filter((message) =>
      message.attachments?.some((attachment: { filename: string }) => attachment.filename === 'talk.ics'),
    );
    expect(stored).toHaveLength(1);
  });

  it('logs an error with its class, code and a stack with the names of its functions', async () => {
    const config = join(workspace.dir, 'broken-feed.yaml');
    writeFileSync(
      config,
      `arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
people: [{ id: favero, name: Alessandro Favero }]
feeds: [{ id: gone, url: "${server.url('/gone.xml')}", kind: paper }]
channels: [{ id: lab, platform: console, target: stdout }]
`,
    );
    const run = herald(['run', '--once', '--config', config], {
      ...arxivEnv(),
      DATA_DIR: join(workspace.dir, 'broken-data'),
    });
    expect((await exitOf(run, 30_000)).code).toBe(1);
    const failure = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { source?: string; err?: LoggedError })
      .find((line) => line.source === 'feed:gone');
    expect(failure?.err, run.stderr.slice(-3000)).toMatchObject({
      type: 'SourceError',
      name: 'SourceError',
      code: 'SOURCE_FAILED',
      cause: { type: 'HttpStatusError', name: 'HttpStatusError', code: 'HTTP_STATUS', status: 404 },
    });
    const stack = failure!.err!.cause!.stack;
    expect(stack).toMatch(/^HttpStatusError: HTTP 404/);
    // Frames in the bundle's chunks, with the names of the functions.
    expect(stack).toMatch(
      /\n {4}at (async )?HttpClient\.fetch \(file:\/\/.*\/dist\/chunks\/[\w-]+\.js:\d+:\d+\)/,
    );
  });

  it('herald run with Discord (unsharded) and Slack (Socket Mode) answers /papers over the gateway without loading discord.js, express or iconv-lite', {
    timeout: 90_000,
  }, async () => {
    const trace = moduleTrace();
    const run = gatewayRun({
      ...trace.env,
      SLACK_BOT_TOKEN: 'xoxb-bundle-e2e',
      SLACK_APP_TOKEN: 'xapp-bundle-e2e',
      SLACK_API_URL: slack.apiUrl,
    });
    try {
      await Promise.all([run.waitFor(/discord bot ready/), run.waitFor(/"mode":"socket"/)]);
      await expectPapersAnswered();
    } finally {
      await expectCleanExit(run);
    }
    const { packages, outside } = contentsOf(trace.files());
    // The gateway and the socket ran on these (so the trace saw both platforms loaded)...
    for (const name of [
      '@discordjs/core',
      '@discordjs/ws',
      '@discordjs/rest',
      '@slack/bolt',
      '@slack/socket-mode',
    ])
      expect(packages, name).toContain(name);
    // ...and nothing of discord.js, bundled or from node_modules (only the sharded parent needs it),
    // nor Bolt's Express receiver (app.ts imports App and SocketModeReceiver from their modules),
    // nor iconv-lite, whose codecs only a feed in another encoding than UTF-8 needs.
    expect(packages).not.toContain('discord.js');
    expect(packages).not.toContain('express');
    expect(outside.filter((file) => /node_modules\/(discord\.js|iconv-lite)\//.test(file))).toEqual([]);
  });

  it('with DISCORD_SHARDS=1 runs the gateway in a shard process from the bundle, which answers /papers', {
    timeout: 90_000,
  }, async () => {
    const trace = moduleTrace();
    const connections = discord.gatewayConnections;
    const run = gatewayRun({ ...trace.env, DISCORD_SHARDS: '1' });
    try {
      await run.waitFor(/"shard":0,"msg":"Discord shard started"/);
      await run.waitFor(/"shards":"0".*discord bot ready/);
      expect(discord.gatewayConnections).toBe(connections + 1);
      await expectPapersAnswered();
    } finally {
      await expectCleanExit(run);
    }
    expect(trace.files()).toContain(join(root, 'dist/app/discord-shard.js'));
    expect(contentsOf(trace.files()).outside.filter((file) => !file.startsWith('node_modules/'))).toEqual([]);
  });
});

/**
 * The contract as the running bot keeps it: `herald run --once` as a child process, with both chat
 * tokens set, announces a seed paper and a real seminar talk (with its .ics) to a Discord channel
 * and a Slack channel; every request it sends passes through recording proxies and is checked
 * against the published descriptions. Unlike the in-process contract tests, this one has the
 * process's whole HTTP stack (our HttpClient and @discordjs/rest on one undici), so the .ics upload
 * reaches Discord only if the multipart body survives it (src/platforms/discord/rest-request.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { labRunConfig, serveLabSources } from '../support/lab-run.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import { createDiscordContract } from './discord-contract.js';
import { isMultipart, RecordingProxy, within } from './recording.js';
import { createSlackContract } from './slack-contract.js';

/** Four days before the calendar's talk by Alessandro Favero (2026-04-14), inside the 14-day window. */
const NOW = '2026-04-10T08:00:00Z';

let discord: FakeDiscord;
let slack: FakeSlack;
let discordProxy: RecordingProxy;
let slackProxy: RecordingProxy;
let server: FixtureServer;
let workspace: Workspace;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  slack = await FakeSlack.start();
  discordProxy = await RecordingProxy.start(`http://127.0.0.1:${discord.port}`);
  slackProxy = await RecordingProxy.start(slack.url);
  server = await startFixtureServer();
  serveLabSources(server);
  workspace = await createWorkspace();
  await workspace.writeConfig(labRunConfig(server, discord.textChannelId));
});

afterAll(async () => {
  await workspace.remove();
  await server.close();
  await slackProxy.close();
  await discordProxy.close();
  await slack.close();
  await discord.close();
});

it('herald run --once sends Discord and Slack only requests their descriptions allow, .ics upload included', {
  timeout: 120_000,
}, async () => {
  const herald = new HeraldProcess(['run', '--once', '--now', NOW, '--config', workspace.configPath], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
    DISCORD_TOKEN: 'contract-e2e-token',
    DISCORD_API_URL: `${discordProxy.url}/api`,
    SLACK_BOT_TOKEN: 'xoxb-contract-e2e',
    SLACK_API_URL: `${slackProxy.url}/api/`,
  });
  const seen = () =>
    `${discordProxy.requests.length} Discord and ${slackProxy.requests.length} Slack requests; stderr: ${herald.stderr.slice(-1500)}`;
  try {
    await within(100_000, 'herald run --once to exit', seen, herald.exited);
  } finally {
    herald.signal('SIGKILL');
  }

  const discordContract = createDiscordContract();
  const slackContract = createSlackContract();
  const violations = [
    ...(await Promise.all(discordProxy.requests.map((request) => discordContract.check(request)))).flat(),
    ...slackProxy.requests.flatMap((request) => slackContract.check(request)),
  ];
  expect(violations).toEqual([]);

  const uploads = discordProxy.requests.filter(isMultipart);
  const form =
    uploads[0] &&
    (await new Response(new Uint8Array(uploads[0].body), {
      headers: { 'content-type': String(uploads[0].headers['content-type']) },
    }).formData());
  const ics = form?.get('files[0]');
  expect(ics instanceof File ? [ics.name, (await ics.text()).slice(0, 15)] : seen()).toEqual([
    'talk.ics',
    'BEGIN:VCALENDAR',
  ]);
  const slackMethods = new Set(slackProxy.requests.map((request) => slackContract.methodOf(request)));
  // Nothing failed, so nothing is looked up before posting (the lookups: slack.contract.test.ts).
  expect(slackMethods).toEqual(new Set(['chat.postMessage']));
});

/**
 * Every Web API call the Slack adapter makes, as @slack/web-api and Bolt put it on the wire, checked
 * against Slack's Web API description and Block Kit's documented limits (slack-contract.ts):
 * announcements with their history lookup, thread replies, chat.update edits and notices; the
 * token check at start; slash command answers in HTTP mode and in Socket Mode (users.info for admin
 * commands, the bodies posted to response_url). The clients talk to a recording proxy in front of
 * the fake Slack.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryChannel } from '../../src/announce/chat-platform.js';
import type { ChannelConfig } from '../../src/config/schema.js';
import { PAUSED_TEXT } from '../../src/follows/paused-follows.js';
import { silentLogger } from '../../src/log.js';
import { type SlackAppHandle, startSlackApp } from '../../src/platforms/slack/app.js';
import { createSlackPoster } from '../../src/platforms/slack/web-poster.js';
import { type ServiceFixture, serviceFixture, testConfig } from '../commands/service-fixture.js';
import {
  STATUS_CHANNELS,
  STATUS_DIGEST_AND_FOLLOW_TEXTS,
  seedWaitingForStatus,
} from '../commands/status-fixture.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { FAST_RETRY, slackSignature } from '../platforms/slack/support.js';
import { seedPapers } from '../search/seed-papers.js';
import { contractCorpus, MARKUP, notices } from './announcement-corpus.js';
import { ADVERSARIAL_QUERIES, ContractCommands } from './contract-commands.js';
import { deliverAll, deliverDigests } from './deliver.js';
import { contractDigests } from './digest-corpus.js';
import { type CapturedRequest, RecordingProxy, within } from './recording.js';
import { createSlackContract } from './slack-contract.js';

const BOT_TOKEN = 'xoxb-contract-test';
const SECRET = 'contract-signing-secret';
const contract = createSlackContract();

let fake: FakeSlack;
let proxy: RecordingProxy;

beforeAll(async () => {
  fake = await FakeSlack.start();
  proxy = await RecordingProxy.start(fake.url);
});

afterAll(async () => {
  await proxy.close();
  await fake.close();
});

const apiUrl = () => `${proxy.url}/api/`;
const isResponseUrl = (request: CapturedRequest) => request.url.pathname.startsWith('/response/');

function violationsSince(from: number): string[] {
  return proxy.requests.slice(from).flatMap((request, index) => {
    const problems = isResponseUrl(request)
      ? contract.checkResponseUrlBody(request)
      : contract.check(request);
    return problems.map((problem) => `#${from + index} ${problem}`);
  });
}

function methodsSince(from: number): Set<string> {
  return new Set(
    proxy.requests
      .slice(from)
      .filter((request) => !isResponseUrl(request))
      .map((request) => contract.methodOf(request) ?? 'unknown'),
  );
}

const CHANNEL: ChannelConfig = {
  id: 'contract-slack',
  platform: 'slack',
  target: 'C_CONTRACT',
  kinds: ['paper', 'talk'],
  keywords: [],
};

describe('the Slack poster keeps the contract', () => {
  it('heads, history lookups, thread replies, edits and notices', async () => {
    const from = proxy.requests.length;
    const poster = createSlackPoster({
      token: BOT_TOKEN,
      apiUrl: apiUrl(),
      logger: silentLogger,
      retryConfig: FAST_RETRY,
      channelIntervalMs: 0,
    });
    try {
      await deliverAll(poster, CHANNEL, contractCorpus(), notices());
    } finally {
      await poster.close();
    }

    expect(violationsSince(from)).toEqual([]);
    expect(methodsSince(from)).toEqual(
      new Set(['conversations.history', 'conversations.replies', 'chat.postMessage', 'chat.update']),
    );
    expect(fake.messagesIn(CHANNEL.target).length).toBeGreaterThan(contractCorpus().length);
  });
});

describe('digests and direct messages keep the contract', () => {
  const poster = () =>
    createSlackPoster({
      token: BOT_TOKEN,
      apiUrl: apiUrl(),
      logger: silentLogger,
      retryConfig: FAST_RETRY,
      channelIntervalMs: 0,
    });

  it('a long digest, split over replies, and an empty one', async () => {
    const from = proxy.requests.length;
    const slackPoster = poster();
    const digests = contractDigests(CHANNEL.id);
    try {
      await deliverDigests(slackPoster, CHANNEL, digests);
    } finally {
      await slackPoster.close();
    }
    expect(violationsSince(from)).toEqual([]);
    // Split: a reply per paper, the talks over several lists.
    const talkLists = digests[0]!.replies.filter(
      (reply) => reply.kind === 'digest' && reply.section === 'talks',
    );
    expect(talkLists.length).toBeGreaterThan(1);
    expect(methodsSince(from)).toEqual(
      new Set(['conversations.history', 'conversations.replies', 'chat.postMessage']),
    );
  });

  it("in a member's direct messages: the IM opened, announcements, a digest, lookups; the member told ephemerally", async () => {
    const from = proxy.requests.length;
    const slackPoster = poster();
    const dm: DeliveryChannel = {
      ...CHANNEL,
      id: 'dm:slack:U0MEMBER',
      target: 'U0MEMBER',
      direct: { userId: 'U0MEMBER' },
    };
    try {
      await deliverAll(slackPoster, dm, contractCorpus({ seeds: 3, perCalendar: 1 }), notices());
      await deliverDigests(slackPoster, dm, contractDigests(dm.id));
      await slackPoster.tellMember?.({ channel: CHANNEL.target, userId: 'U0MEMBER' }, PAUSED_TEXT);
    } finally {
      await slackPoster.close();
    }
    expect(violationsSince(from)).toEqual([]);
    expect(methodsSince(from)).toEqual(
      new Set([
        'conversations.open',
        'conversations.history',
        'conversations.replies',
        'chat.postMessage',
        'chat.update',
        'chat.postEphemeral',
      ]),
    );
    expect(fake.ephemerals).toEqual([
      { channel: CHANNEL.target, user: 'U0MEMBER', text: expect.stringContaining('paused') },
    ]);
  });
});

describe('the capture', () => {
  it('reports what @slack/web-api lets through: 51 blocks, a header of 151, an argument Slack does not take', async () => {
    const from = proxy.requests.length;
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: apiUrl(), retryConfig: FAST_RETRY });
    // apiCall: the typed chat.postMessage would not let a misspelt argument through to Slack.
    await client.apiCall('chat.postMessage', {
      channel: CHANNEL.target,
      text: 'broken on purpose',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        ...Array.from({ length: 50 }, () => ({ type: 'divider' })),
      ],
      unfurl: false,
    });
    const violations = violationsSince(from).join('\n');
    expect(violations).toMatch(/blocks: must NOT have more than 50/);
    expect(violations).toMatch(/text: must NOT have more than 150/);
    expect(violations).toMatch(/additional properties.*unfurl/);
  });
});

describe('slash command answers keep the contract', () => {
  let service: ServiceFixture;

  beforeAll(async () => {
    // /status with digests waiting and more paused members than it names.
    service = await serviceFixture({ config: testConfig({ channels: STATUS_CHANNELS }) });
    await seedWaitingForStatus(service.store, { pausedMembers: 40 });
  });

  afterAll(async () => {
    await service.close();
  });

  const commands: [string, string, string?][] = [
    ['/papers', 'diffusion'],
    ['/papers', 'zzzzqqq'],
    ['/papers', 'since:banana'],
    ['/talks', ''],
    ['/watch', 'list', 'U_ADMIN'],
    ['/watch', `add ${MARKUP}`],
    ['/feed', 'list', 'U_ADMIN'],
    ['/status', '', 'U_ADMIN'],
    ['/follow', 'favero digest:weekly'],
    ['/follow', `keyword:${MARKUP}`],
    ['/following', ''],
    ['/unfollow', 'all'],
    ['/channel', 'digest daily', 'U_ADMIN'],
    ['/sources', '', 'U_ADMIN'],
    ['/source', 'resume feed:group-blog', 'U_ADMIN'],
    ['/explain', seedPapers()[0]!.id, 'U_ADMIN'],
    ...ADVERSARIAL_QUERIES.map((query): [string, string] => ['/papers', query]),
  ];

  /** A slash command payload whose response_url leads through the recording proxy. */
  function payload(command: string, text: string, userId = 'U_MEMBER'): Record<string, string> {
    const body = fake.slashCommand(command, text, userId);
    return { ...body, response_url: body.response_url!.replace(fake.url, proxy.url) };
  }

  async function start(mode: 'http' | 'socket'): Promise<SlackAppHandle> {
    fake.users.set('U_ADMIN', { is_admin: true });
    return startSlackApp({
      botToken: BOT_TOKEN,
      ...(mode === 'socket' ? { appToken: 'xapp-1-contract-test' } : { signingSecret: SECRET }),
      port: 0,
      host: '127.0.0.1',
      apiUrl: apiUrl(),
      admins: [],
      commands: new ContractCommands(service.service),
      logger: silentLogger,
      retryConfig: FAST_RETRY,
    });
  }

  const answered = (what: string, count: number) =>
    within(
      15_000,
      `the response_url answer to ${what}`,
      () => `${fake.responses.length} answers`,
      fake.waitForResponses(count),
    );

  /** The /status answer among those from `first` on carries the digests and the paused follows. */
  function expectStatusAnswer(first: number): void {
    const status = JSON.stringify(fake.responses[first + commands.findIndex(([name]) => name === '/status')]);
    for (const text of STATUS_DIGEST_AND_FOLLOW_TEXTS) expect(status).toContain(text);
  }

  it('in HTTP mode', async () => {
    const from = proxy.requests.length;
    const first = fake.responses.length;
    const app = await start('http');
    try {
      for (const [command, text, user] of commands) {
        const body = new URLSearchParams(payload(command, text, user)).toString();
        const signed = slackSignature(SECRET, body, Math.floor(Date.now() / 1000));
        const response = await fetch(`http://127.0.0.1:${app.port}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        expect(response.status).toBe(200);
        await answered(`${command} ${text}`, fake.responses.length + 1);
      }
    } finally {
      await app.close();
    }

    expect(violationsSince(from)).toEqual([]);
    expect(methodsSince(from)).toEqual(new Set(['auth.test', 'users.info']));
    expect(proxy.requests.slice(from).filter(isResponseUrl)).toHaveLength(commands.length);
    expectStatusAnswer(first);
  });

  it('in Socket Mode', async () => {
    const from = proxy.requests.length;
    const first = fake.responses.length;
    const app = await start('socket');
    try {
      for (const [command, text, user] of commands) {
        const expected = fake.responses.length + 1;
        await within(
          15_000,
          `the ack of ${command} ${text}`,
          () => `${fake.socketConnections} sockets`,
          fake.sendSlashCommand(payload(command, text, user)),
        );
        await answered(`${command} ${text}`, expected);
      }
    } finally {
      await app.close();
    }

    expect(violationsSince(from)).toEqual([]);
    expect(methodsSince(from)).toEqual(new Set(['auth.test', 'apps.connections.open', 'users.info']));
    expect(proxy.requests.slice(from).filter(isResponseUrl)).toHaveLength(commands.length);
    expectStatusAnswer(first);
  });
});

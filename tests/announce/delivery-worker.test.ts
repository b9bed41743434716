/**
 * The delivery worker over the real SQLite store, with a scripted platform: order, resumption
 * after failures and restarts, permanent refusals.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composePaperAnnouncement } from '../../src/announce/compose-paper.js';
import {
  type DeliveryReport,
  DeliveryWorker,
  type DeliveryWorkerOptions,
} from '../../src/announce/delivery-worker.js';
import { type ChannelConfig, channelSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { PaperRecord } from '../../src/records/record.js';
import { deliveryKey, newOutboxEntry } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { PlatformFailure, ScriptedPlatform } from '../support/scripted-platform.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const channel: ChannelConfig = channelSchema.parse({ id: 'lab', platform: 'console', target: 'x' });
const paper: PaperRecord = {
  kind: 'paper',
  id: 'arxiv:2605.27734',
  title: 'Learn from your own latents and not from tokens',
  abstract: 'Generative models...',
  authors: ['Daniel J. Korchinski', 'Alessandro Favero', 'Matthieu Wyart'],
  categories: ['cs.LG'],
  url: 'https://arxiv.org/abs/2605.27734',
  links: { abs: 'https://arxiv.org/abs/2605.27734', pdf: 'https://arxiv.org/pdf/2605.27734' },
  people: ['favero'],
  source: 'arxiv',
  published: '2026-05-26T17:59:59Z',
};

let workspace: Workspace;
let store: Store;
let platform: ScriptedPlatform;
let now: Date;
const notices: string[] = [];

async function open(): Promise<Store> {
  return createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
}

function worker(channels = [channel], options: Partial<DeliveryWorkerOptions> = {}) {
  return new DeliveryWorker({
    outbox: store.outbox,
    channels: () => new Map(channels.map((c) => [c.id, c])),
    platformFor: () => ({ platform }),
    clock: () => now,
    logger: silentLogger,
    notifyAdmins: async (text) => {
      notices.push(text);
    },
    random: () => 0.5,
    ...options,
  });
}

/** A transient failure is tried once more at once: failing a run takes two. */
function failTwice(step: string, failure: PlatformFailure) {
  platform.failNext(step, failure);
  platform.failNext(step, failure);
}

/** A run's report: only the counts a test names are non-zero. */
function report(counts: Partial<DeliveryReport>): DeliveryReport {
  return { delivered: 0, failed: 0, held: 0, waiting: 0, previewed: 0, unreachable: 0, ...counts };
}

async function enqueue(record = paper) {
  const announcement = composePaperAnnouncement(record, channel.id, [], 'arXiv');
  await store.outbox.enqueue([
    {
      key: deliveryKey(channel.id, announcement.key),
      channelId: channel.id,
      announcement,
      createdAt: now.toISOString(),
      attempts: 0,
      repliesPosted: 0,
    },
  ]);
}

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await open();
  platform = new ScriptedPlatform();
  now = new Date('2026-06-01T00:00:00Z');
  notices.length = 0;
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

describe('the delivery worker', () => {
  it('posts the head, then the replies in order, then writes a receipt', async () => {
    await enqueue();
    expect(await worker().run()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.map((p) => `${p.kind}${p.index ?? ''}`)).toEqual([
      'head',
      'reply0',
      'reply1',
      'reply2',
    ]);
    expect(platform.posted.slice(1).map((p) => p.text)).toEqual(['abstract', 'links', 'bibtex']);
    expect(await store.outbox.pending()).toEqual([]);
    expect(await store.outbox.receipt('lab|arxiv:2605.27734')).toMatchObject({
      recordId: paper.id,
      head: { messageId: '1' },
    });
  });

  it('never queues a delivered announcement again', async () => {
    await enqueue();
    await worker().run();
    await enqueue();
    expect(await store.outbox.pending()).toEqual([]);
  });

  it('resumes after a transient failure from the reply that failed, with the same head, after a backoff', async () => {
    await enqueue();
    failTwice('reply:1', new PlatformFailure('503 Service Unavailable', false));
    expect(await worker().run()).toEqual(report({ failed: 1 }));
    const [pending] = await store.outbox.pending();
    expect(pending).toMatchObject({
      attempts: 1,
      repliesPosted: 1,
      head: { messageId: '1' },
      lastError: '503 Service Unavailable',
    });
    expect(new Date(pending!.notBefore!).getTime() - now.getTime()).toBe(5000);

    expect(await worker().run()).toEqual(report({})); // not due yet
    now = new Date(now.getTime() + 5000);
    expect(await worker().run()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.map((p) => `${p.kind}${p.index ?? ''}`)).toEqual([
      'head',
      'reply0',
      'reply1',
      'reply2',
    ]);
  });

  it('survives a restart between the head and the replies: the head is not posted again', async () => {
    await enqueue();
    failTwice('reply:0', new PlatformFailure('connection reset', false));
    expect(await worker().run()).toEqual(report({ failed: 1 }));
    await store.close();
    store = await open(); // a new process: only what was stored is known
    now = new Date(now.getTime() + 60_000);
    await worker().run();
    expect(platform.posted.filter((p) => p.kind === 'head')).toHaveLength(1);
    expect(
      platform.posted.filter((p) => p.kind === 'reply').map((p) => `${p.index}:${p.maybePosted}`),
    ).toEqual(['0:true', '1:false', '2:false']);
  });

  it('holds a permanent refusal at once, tells the admins once, and posts it again when redelivered', async () => {
    await enqueue();
    platform.failNext('head', new PlatformFailure('Missing Access', true));
    expect(await worker().run()).toEqual(report({ held: 1 }));
    expect(notices).toEqual([expect.stringContaining('Missing Access')]);
    expect(notices[0]).toContain('herald redeliver');
    const [held] = await store.outbox.held();
    expect(held).toMatchObject({ key: 'lab|arxiv:2605.27734', lastError: 'Missing Access', attempts: 1 });
    expect(await store.outbox.receipt('lab|arxiv:2605.27734')).toBeUndefined();
    now = new Date(now.getTime() + 86_400_000);
    expect(await worker().run()).toEqual(report({}));
    expect(platform.posted).toEqual([]);
    expect(notices).toHaveLength(1);

    await store.outbox.redeliver({ channelId: 'lab' });
    expect(await worker().run()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.map((p) => p.kind)).toEqual(['head', 'reply', 'reply', 'reply']);
    expect(platform.posted[0]?.maybePosted).toBe(true);
    expect(await store.outbox.pending()).toEqual([]);
  });

  it('holds a delivery after holdAfterAttempts failures; it then no longer holds up its channel', async () => {
    await enqueue();
    now = new Date(now.getTime() + 1);
    await enqueue({ ...paper, id: 'arxiv:2605.23821', title: 'Second' });
    const run = () => worker([channel], { holdAfterAttempts: 3 }).run();
    for (let attempt = 1; attempt <= 3; attempt++) {
      failTwice('head', new PlatformFailure('502 Bad Gateway', false));
      const outcome = await run();
      expect(outcome).toEqual(attempt < 3 ? report({ failed: 1 }) : report({ held: 1, delivered: 1 }));
      const [first] = await store.outbox.pending();
      if (first?.notBefore) now = new Date(first.notBefore);
    }
    // The second paper waited behind the first while it was retried, and went out once it was held.
    expect(platform.posted.filter((p) => p.kind === 'head').map((p) => p.text)).toEqual(['Second']);
    expect(notices).toEqual([expect.stringContaining('502 Bad Gateway')]);
    expect((await store.outbox.held()).map((entry) => entry.key)).toEqual(['lab|arxiv:2605.27734']);
  });

  it('keeps a follow-up of a held announcement waiting for it, without holding up the channel', async () => {
    await enqueue();
    platform.failNext('head', new PlatformFailure('Missing Access', true));
    await worker().run();
    const followUp = newOutboxEntry(
      {
        ...composePaperAnnouncement(paper, channel.id, [], 'arXiv'),
        key: `${paper.id}#reminder`,
        event: 'reminder',
      },
      new Date(now.getTime() + 1),
      { of: 'lab|arxiv:2605.27734', editHead: false },
    );
    await store.outbox.enqueue([followUp]);
    await enqueue({ ...paper, id: 'arxiv:2605.23821', title: 'Second' });
    expect(await worker().run()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.filter((p) => p.kind === 'head').map((p) => p.text)).toEqual(['Second']);
    expect(await store.outbox.get(followUp.key)).toMatchObject({ attempts: 0 });

    await store.outbox.redeliver({ key: 'lab|arxiv:2605.27734' });
    expect(await worker().run()).toEqual(report({ delivered: 2 }));
    const heads = platform.posted.filter((p) => p.kind === 'head');
    expect(heads.map((p) => p.text)).toEqual(['Second', paper.title]);
    // The follow-up's replies went into the redelivered head's thread.
    const original = await store.outbox.receipt('lab|arxiv:2605.27734');
    expect(
      platform.posted
        .filter((p) => p.kind === 'reply')
        .slice(-3)
        .map((p) => p.key),
    ).toEqual([original?.head?.messageId, original?.head?.messageId, original?.head?.messageId]);
    expect(await store.outbox.pending()).toEqual([]);
  });

  it('tells the admins once per run, however many are held, naming a few', async () => {
    for (let n = 0; n < 7; n++) await enqueue({ ...paper, id: `arxiv:2605.3000${n}`, title: `Paper ${n}` });
    for (let n = 0; n < 7; n++) platform.failNext('head', new PlatformFailure('Unknown Channel', true));
    expect(await worker().run()).toEqual(report({ held: 7 }));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^7 deliveries are held/);
    expect(notices[0]).toContain('and 2 more');
  });

  it('tries a transient failure once more at once, saying the failed step may be out there, and only that step', async () => {
    await enqueue();
    platform.failNext('reply:1', new PlatformFailure('500 after acting, maybe', false));
    expect(await worker().run()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.map((p) => `${p.kind}${p.index ?? ''}:${p.maybePosted}`)).toEqual([
      'head:false',
      'reply0:false',
      'reply1:true',
      'reply2:false',
    ]);
  });

  it('leaves the deliveries of a channel without a token waiting, untried, and posts them once it is there', async () => {
    await enqueue();
    const missing = worker([channel], { platformFor: () => ({ missing: 'DISCORD_TOKEN is not set' }) });
    expect(await missing.run()).toEqual(report({ waiting: 1 }));
    expect(await missing.run()).toEqual(report({ waiting: 1 }));
    expect(platform.posted).toEqual([]);
    expect((await store.outbox.pending())[0]).toMatchObject({
      waitingFor: 'DISCORD_TOKEN is not set',
      attempts: 0,
    });
    expect(await worker().run()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.map((p) => `${p.kind}:${p.maybePosted}`)).toEqual([
      'head:false',
      'reply:false',
      'reply:false',
      'reply:false',
    ]);
  });

  it('in console mode prints a waiting delivery once as a preview, and keeps it queued', async () => {
    await enqueue();
    const preview = new ScriptedPlatform();
    const consoleMode = worker([channel], {
      platformFor: () => ({ missing: 'DISCORD_TOKEN is not set', preview }),
    });
    expect(await consoleMode.run()).toEqual(report({ previewed: 1 }));
    expect(await consoleMode.run()).toEqual(report({}));
    expect(preview.posted.map((p) => p.kind)).toEqual(['head', 'reply', 'reply', 'reply']);
    expect(await store.outbox.receipt('lab|arxiv:2605.27734')).toBeUndefined();
    const [waiting] = await store.outbox.pending();
    expect(waiting).toMatchObject({ repliesPosted: 0, previewedAt: now.toISOString() });
    expect(waiting?.head).toBeUndefined();
  });

  it('backs off exponentially while failures go on', async () => {
    await enqueue();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      failTwice('head', new PlatformFailure('502', false));
      await worker().run();
      const [pending] = await store.outbox.pending();
      delays.push(new Date(pending!.notBefore!).getTime() - now.getTime());
      now = new Date(pending!.notBefore!);
    }
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000]);
  });

  it('keeps a channel in order: a failed delivery holds back the later ones of that channel only', async () => {
    const other: ChannelConfig = { ...channel, id: 'other' };
    await enqueue();
    now = new Date(now.getTime() + 1);
    await enqueue({ ...paper, id: 'arxiv:2605.23821', title: 'Second' });
    const announcement = composePaperAnnouncement(paper, 'other', [], 'arXiv');
    await store.outbox.enqueue([
      {
        key: deliveryKey('other', paper.id),
        channelId: 'other',
        announcement,
        createdAt: now.toISOString(),
        attempts: 0,
        repliesPosted: 0,
      },
    ]);
    failTwice('lab:head', new PlatformFailure('500', false));
    expect(await worker([channel, other]).run()).toEqual(report({ failed: 1, delivered: 1 }));
    expect(platform.posted.filter((p) => p.kind === 'head').map((p) => p.channel)).toEqual(['other']);
    // While the first is in backoff, the second waits behind it.
    now = new Date(now.getTime() + 1000);
    expect(await worker([channel, other]).run()).toEqual(report({}));
    now = new Date(now.getTime() + 60_000);
    expect(await worker([channel, other]).run()).toEqual(report({ delivered: 2 }));
    expect(platform.posted.filter((p) => p.kind === 'head').map((p) => p.text)).toEqual([
      paper.title,
      paper.title,
      'Second',
    ]);
  });

  it('holds a delivery whose channel left the config', async () => {
    await enqueue();
    expect(await worker([]).run()).toEqual(report({ held: 1 }));
    expect(notices[0]).toContain('no longer configured');
    expect(await store.outbox.held()).toHaveLength(1);
  });
});

describe('the delivery worker stopped mid-run', () => {
  /** Holds the second reply of the first delivery until the test settles it; says when it got there. */
  function holdSecondReply() {
    let reached: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let settle: (failure?: Error) => void = () => undefined;
    const released = new Promise<void>((resolve, reject) => {
      settle = (failure) => (failure ? reject(failure) : resolve());
    });
    const post = platform.postReply.bind(platform);
    let held = false;
    platform.postReply = async (...args) => {
      if (args[3] === 1 && !held) {
        held = true;
        reached();
        await released;
      }
      return post(...args);
    };
    return { arrived, settle };
  }

  const second: PaperRecord = { ...paper, id: 'arxiv:2606.00001', title: 'A second paper' };

  /**
   * Two deliveries queued; the worker stopped while the first one's second reply is held, which
   * then settles as `failure` says (posted when none). Resolves with the run's report.
   */
  async function stopDuringSecondReply(failure?: Error) {
    await enqueue();
    await enqueue(second);
    const hold = holdSecondReply();
    const delivering = worker();
    const running = delivering.run();
    await hold.arrived;
    delivering.stop();
    hold.settle(failure);
    return running;
  }

  it('finishes the delivery in flight and starts no other', async () => {
    expect(await stopDuringSecondReply()).toEqual(report({ delivered: 1 }));
    expect(platform.posted.map((p) => `${p.text}`)).toEqual([paper.title, 'abstract', 'links', 'bibtex']);
    expect((await store.outbox.pending()).map((entry) => entry.announcement.key)).toEqual([second.id]);
  });

  it('records no failure for a step its closing client cut short: the delivery stays as it stood', async () => {
    expect(await stopDuringSecondReply(new PlatformFailure('the client was closed', false))).toEqual(
      report({}),
    );
    const pending = await store.outbox.pending();
    const first = pending.find((entry) => entry.announcement.key === paper.id);
    const next = pending.find((entry) => entry.announcement.key === second.id);
    // The head and the first reply are recorded; the reply cut short is neither an attempt nor posted.
    expect(first).toMatchObject({ repliesPosted: 1, attempts: 0, head: { messageId: '1' } });
    expect(first!.notBefore).toBeUndefined();
    expect(first!.lastError).toBeUndefined();
    expect(next).toMatchObject({ attempts: 0, repliesPosted: 0 });
    expect(next!.started).toBeUndefined();
    expect(platform.posted.map((p) => p.text)).toEqual([paper.title, 'abstract']);
  });
});

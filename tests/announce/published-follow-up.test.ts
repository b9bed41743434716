/**
 * The follow-up when an announced paper is published: through the delivery worker it rewrites the
 * original head (now showing the venue) and posts the citation and the published version's BibTeX
 * in the original thread, as a talk's change does.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnouncementHead } from '../../src/announce/announcement.js';
import type { MessageRef } from '../../src/announce/chat-platform.js';
import { composePaperAnnouncement, composePublishedFollowUp } from '../../src/announce/compose-paper.js';
import { DeliveryWorker } from '../../src/announce/delivery-worker.js';
import { type ChannelConfig, channelSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { ConsolePlatform } from '../../src/platforms/console/console-platform.js';
import type { PaperRecord } from '../../src/records/record.js';
import { deliveryKey, newOutboxEntry } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { ScriptedPlatform } from '../support/scripted-platform.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

class RecordingPlatform extends ScriptedPlatform {
  readonly edits: { ref: MessageRef; head: AnnouncementHead }[] = [];
  override async editHead(channel: ChannelConfig, ref: MessageRef, head: AnnouncementHead): Promise<void> {
    this.edits.push({ ref, head });
    await super.editHead(channel, ref, head);
  }
}

const channel = channelSchema.parse({ id: 'lab', platform: 'console', target: 'x' });
const preprint: PaperRecord = {
  kind: 'paper',
  id: 'arxiv:2606.01234',
  arxivId: '2606.01234',
  version: 1,
  title: 'Diffusion models learn hierarchies of latent features',
  abstract: 'We study...',
  authors: ['Alessandro Favero', 'Matthieu Wyart'],
  categories: ['cs.LG'],
  primaryCategory: 'cs.LG',
  url: 'https://arxiv.org/abs/2606.01234',
  links: { abs: 'https://arxiv.org/abs/2606.01234' },
  people: ['favero'],
  source: 'arxiv',
  published: '2026-06-09T17:00:00Z',
};
const published: PaperRecord = {
  ...preprint,
  doi: '10.1103/physrevx.16.011001',
  venue: 'Physical Review X 16(1), 011001 (2026)',
  publication: {
    type: 'journal',
    venue: 'Physical Review X',
    doi: '10.1103/physrevx.16.011001',
    volume: '16',
    issue: '1',
    pages: '011001',
    year: '2026',
  },
};

let workspace: Workspace;
let store: Store;

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

function worker(platform: ScriptedPlatform | ConsolePlatform) {
  return new DeliveryWorker({
    outbox: store.outbox,
    channels: () => new Map([[channel.id, channel]]),
    platformFor: () => ({ platform }),
    clock: () => new Date('2026-06-12T00:00:00Z'),
    logger: silentLogger,
    notifyAdmins: async () => undefined,
  });
}

async function announceThenPublish(platform: ScriptedPlatform | ConsolePlatform) {
  const now = new Date('2026-06-10T00:00:00Z');
  await store.outbox.enqueue([
    newOutboxEntry(composePaperAnnouncement(preprint, channel.id, [], 'arXiv'), now),
  ]);
  await worker(platform).run();
  const of = deliveryKey(channel.id, preprint.id);
  expect(await store.outbox.postedOrQueued([of, deliveryKey(channel.id, 'arxiv:0000.00000')])).toEqual(
    new Set([of]),
  );
  const followUp = composePublishedFollowUp(published, channel.id, []);
  await store.outbox.enqueue([
    newOutboxEntry(followUp, new Date('2026-06-12T00:00:00Z'), { of, editHead: true }),
  ]);
  return worker(platform).run();
}

describe('a published follow-up', () => {
  it('rewrites the original head with the venue and replies in its thread', async () => {
    const platform = new RecordingPlatform();
    expect(await announceThenPublish(platform)).toMatchObject({ delivered: 1, failed: 0 });
    // The scripted platform numbers messages: the one head it posted is "1".
    expect(platform.posted.filter((post) => post.kind === 'head')).toHaveLength(1);
    expect(platform.edits).toHaveLength(1);
    expect(platform.edits[0]!.ref.messageId).toBe('1');
    expect(platform.edits[0]!.head).toMatchObject({
      event: 'published',
      venue: 'Physical Review X 16(1), 011001 (2026)',
      title: preprint.title,
    });
    const replies = platform.posted.filter((post) => post.kind === 'reply').slice(-2);
    expect(replies.map((reply) => [reply.key, reply.text])).toEqual([
      ['1', 'notice'],
      ['1', 'bibtex'],
    ]);
  });

  it('reads, on the console, as the citation and the BibTeX of the journal version', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => {
      text += String(chunk);
    });
    await announceThenPublish(new ConsolePlatform('console', out));
    expect(text).toContain(
      '(edited) [lab] paper published: Diffusion models learn hierarchies of latent features',
    );
    expect(text).toContain('2026-06-09 · cs.LG · Physical Review X 16(1), 011001 (2026)');
    expect(text).toContain(
      'Published in Physical Review X 16(1), 011001 (2026), doi:10.1103/physrevx.16.011001',
    );
    expect(text).toContain('@article{favero2026diffusion,');
    expect(text).toContain('journal = {Physical Review X}');
  });
});

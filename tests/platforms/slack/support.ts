/**
 * Shared fixtures for the Slack tests: an announcement built by hand from a seed paper, a channel,
 * a stub command service, a fast retry policy and request signing as Slack does it.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Announcement } from '../../../src/announce/announcement.js';
import type { Caller, CommandReply, CommandRequest, CommandService } from '../../../src/commands/command.js';
import type { ChannelConfig } from '../../../src/config/schema.js';
import type { PaperRecord } from '../../../src/records/record.js';

/** The library default waits up to 30 minutes; tests retry at once. */
export const FAST_RETRY = { retries: 2, minTimeout: 1, maxTimeout: 5, factor: 1 };

export const CHANNEL: ChannelConfig = {
  id: 'ml-papers',
  platform: 'slack',
  target: 'C_PAPERS',
  kinds: ['paper'],
  keywords: [],
};

const SEED = fileURLToPath(new URL('../../fixtures/seeds/001_2dc631252c8a0a81.txt', import.meta.url));
const TITLE = 'Learn from your own latents and not from tokens: A sample-complexity theory';

/** The first paper of the seed listing: its title, authors and abstract as the seed gives them. */
export function seedPaper(): PaperRecord {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const titleAt = lines.indexOf(TITLE);
  const authorLine = lines[titleAt + 2] ?? '';
  const abstract = lines[titleAt + 4] ?? '';
  if (titleAt < 0 || !abstract) throw new Error(`seed ${SEED} no longer has the expected paper`);
  const authors = authorLine.split(' · ')[0]!.split(', ');
  return {
    id: 'arxiv:2505.00001', // placeholder id: the seed listing gives none
    kind: 'paper',
    title: TITLE,
    abstract,
    url: 'https://arxiv.org/abs/2505.00001',
    links: { abs: 'https://arxiv.org/abs/2505.00001', pdf: 'https://arxiv.org/pdf/2505.00001' },
    people: ['favero'],
    source: 'arxiv',
    published: '2025-05-26T17:59:59Z',
    authors,
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    arxivId: '2505.00001',
  };
}

export function announcementOf(paper: PaperRecord, key = paper.id): Announcement {
  return {
    key,
    channelId: CHANNEL.id,
    event: 'new',
    record: paper,
    head: {
      kind: 'paper',
      event: 'new',
      title: paper.title,
      url: paper.url,
      people: paper.authors.map((name) => ({ name, watched: name === 'Alessandro Favero' })),
      date: paper.published,
      category: paper.primaryCategory,
      sourceLabel: 'arXiv',
    },
    replies: [
      { kind: 'abstract', title: 'Abstract', text: paper.abstract },
      {
        kind: 'links',
        links: [
          { label: 'Abstract page', url: paper.links.abs! },
          { label: 'PDF', url: paper.links.pdf! },
        ],
      },
      {
        kind: 'bibtex',
        text: `@article{korchinski2025learn,\n  title = {${paper.title}},\n  year = {2025}\n}`,
      },
    ],
  };
}

/** A command service that records what it was asked and answers with one item. */
export class StubCommandService implements CommandService {
  readonly calls: { request: CommandRequest; caller: Caller }[] = [];
  private gate: Promise<void> = Promise.resolve();

  /** Makes execute() wait until the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise((resolve) => {
      release = resolve;
    });
    return release;
  }

  async execute(request: CommandRequest, caller: Caller): Promise<CommandReply> {
    this.calls.push({ request, caller });
    await this.gate;
    if (request.name === 'watch' && !caller.isAdmin) {
      return { status: 'refused', ephemeral: true, text: 'Only admins can change who is watched.' };
    }
    return {
      status: 'ok',
      ephemeral: request.name !== 'papers',
      text: `1 result for ${JSON.stringify(request)}`,
      items: [
        {
          title: 'Diffusion <!channel> models',
          url: 'https://arxiv.org/abs/2505.00002',
          people: [{ name: 'Alessandro Favero', watched: true }],
          date: '2024-03-01T00:00:00Z',
          snippet: [
            { text: 'how ', match: false },
            { text: 'diffusion', match: true },
            { text: ' models learn', match: false },
          ],
        },
      ],
      footer: 'Page 1 of 1',
    };
  }

  async suggest(): Promise<[]> {
    return [];
  }
}

/** Headers Slack puts on an HTTP request: `v0=hex(HMAC_SHA256(secret, "v0:" + ts + ":" + body))`. */
export function slackSignature(secret: string, body: string, timestamp: number): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

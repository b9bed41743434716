/**
 * What the reliability tests need to tell posts apart in the fakes: which request is which post
 * (so a fake can fail the first attempt of each), and the kinds of a thread's messages in order.
 */
import type { FakeDiscord, Json, RecordedRequest } from '../fakes/discord/fake-discord.js';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';

export const postIdentity = {
  /** The post a Discord request makes, the same for every attempt at it; undefined for reads. */
  discord(request: RecordedRequest): string | undefined {
    if (request.method !== 'POST') return undefined;
    const forumPost = /^\/channels\/(\d+)\/threads$/.exec(request.path);
    if (forumPost)
      return `forum:${forumPost[1]}:${request.body.name}:${request.body.message?.embeds?.[0]?.url}`;
    const thread = /^\/channels\/\d+\/messages\/(\d+)\/threads$/.exec(request.path);
    if (thread) return `thread:${thread[1]}`;
    const message = /^\/channels\/(\d+)\/messages$/.exec(request.path);
    if (message) return `message:${message[1]}:${request.body.nonce ?? JSON.stringify(request.body)}`;
    return undefined;
  },
  /** The post a Slack call makes, the same for every attempt at it; undefined for anything else. */
  slack(method: string, body: Record<string, unknown>): string | undefined {
    if (method !== 'chat.postMessage') return undefined;
    return `${body.channel}:${JSON.stringify(body.metadata ?? body.text)}`;
  },
};

/** The kinds of the messages in a Discord thread (a forum post's starter message is `head`). */
export function discordReplyKinds(discord: FakeDiscord, threadId: string): string[] {
  return discord.state.messagesIn(threadId).map((message: Json) => {
    const content = String(message.content ?? '');
    if (message.id === threadId) return 'head';
    if (content.includes('```bibtex') || message.attachments?.[0]?.filename === 'citation.bib')
      return 'bibtex';
    if (content.startsWith('**Links**')) return 'links';
    if (message.embeds?.[0]?.description?.startsWith('Abstract of paper')) return 'abstract';
    return `other: ${content.slice(0, 40)}`;
  });
}

/** The kinds of the replies under a Slack head, in order. */
export function slackReplyKinds(slack: FakeSlack, channel: string, headTs: string): string[] {
  return slack
    .messagesIn(channel)
    .filter((message) => message.thread_ts === headTs && message.ts !== headTs)
    .map((message) => {
      const text = message.text ?? '';
      if (text.startsWith('```@')) return 'bibtex';
      if (text.includes('|Abstract page>')) return 'links';
      if (text.includes('Abstract of paper')) return 'abstract';
      return `other: ${text.slice(0, 40)}`;
    });
}

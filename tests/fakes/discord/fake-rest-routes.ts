/**
 * The REST routes of the fake Discord: each answers from FakeDiscordState the way Discord does,
 * including the error codes the adapter must classify (10003, 10008, 50008, 160004).
 */
import { ChannelTypes, type FakeDiscordState, type FakeFile, type Json } from './fake-state.js';

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Json;
  files: FakeFile[];
}

export interface RouteResponse {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

type Handler = (request: RouteRequest, params: Record<string, string>) => RouteResponse;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

const ok = (body: Json): RouteResponse => ({ status: 200, body });
const noContent: RouteResponse = { status: 204 };
export const discordError = (status: number, code: number, message: string): RouteResponse => ({
  status,
  body: { code, message },
});
const unknownChannel = discordError(404, 10003, 'Unknown Channel');

export function createRoutes(state: FakeDiscordState, gatewayUrl: () => string): Route[] {
  const routes: Route[] = [];
  const on = (method: string, path: string, handler: Handler) => routes.push(route(method, path, handler));

  on('GET', '/gateway', () => ok({ url: gatewayUrl() }));
  on('GET', '/gateway/bot', () =>
    ok({
      url: gatewayUrl(),
      shards: state.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    }),
  );
  on('GET', '/users/@me', () => ok(state.botUser));
  on('POST', '/users/@me/channels', ({ body }) =>
    typeof body?.recipient_id === 'string'
      ? ok(state.openDm(body.recipient_id))
      : discordError(400, 50035, 'Invalid Form Body: recipient_id'),
  );
  on('GET', '/applications/@me', () => ok({ id: state.applicationId, name: 'herald', flags: 0 }));
  on('GET', '/guilds/:guild', ({ query }, { guild }) =>
    guild === state.guildId
      ? ok(withCounts(state.guild(), query))
      : discordError(404, 10004, 'Unknown Guild'),
  );
  on('GET', '/guilds/:guild/channels', () => ok(state.guildChannels()));
  on('GET', '/channels/:channel', (_, { channel }) => {
    const found = state.channels.get(channel!);
    return found ? ok(found) : unknownChannel;
  });
  on('POST', '/channels/:channel/messages', ({ body, files }, { channel }) => {
    const found = state.channels.get(channel!);
    if (!found) return unknownChannel;
    if (found.type === ChannelTypes.forum)
      return discordError(400, 50008, 'Cannot send messages in a non-text channel');
    if (files.length > 0 && !state.mayAttachFiles(channel!))
      return discordError(403, 50013, 'Missing Permissions');
    const recipient = state.dmRecipient(channel!);
    if (recipient && state.closedDms.has(recipient))
      return discordError(403, 50007, 'Cannot send messages to this user');
    return ok(state.createMessage(channel!, body, files));
  });
  on('GET', '/channels/:channel/messages', ({ query }, { channel }) =>
    state.channels.has(channel!) ? ok(state.messagePage(channel!, query)) : unknownChannel,
  );
  on('GET', '/channels/:channel/messages/:message', (_, { channel, message }) => {
    const found = state.messages.get(message!);
    if (!found || found.channel_id !== channel) return discordError(404, 10008, 'Unknown Message');
    const { nonce: _nonce, ...shown } = found;
    return ok(shown);
  });
  on('GET', '/guilds/:guild/threads/active', (_, { guild }) =>
    guild === state.guildId
      ? ok({ threads: state.activeThreads(), members: [] })
      : discordError(404, 10004, 'Unknown Guild'),
  );
  on('GET', '/channels/:channel/threads/archived/public', ({ query }, { channel }) => {
    if (!state.channels.has(channel!)) return unknownChannel;
    const limit = Number(query.get('limit') ?? 50);
    const threads = state.archivedThreads(channel!);
    return ok({ threads: threads.slice(0, limit), members: [], has_more: threads.length > limit });
  });
  on('PATCH', '/channels/:channel/messages/:message', ({ body }, { message }) =>
    state.messages.has(message!)
      ? ok(state.editMessage(message!, body))
      : discordError(404, 10008, 'Unknown Message'),
  );
  on('POST', '/channels/:channel/messages/:message/threads', ({ body }, { channel, message }) => {
    if (!state.channels.has(channel!)) return unknownChannel;
    if (state.messages.get(message!)?.channel_id !== channel)
      return discordError(404, 10008, 'Unknown Message');
    if (state.channels.has(message!)) {
      return discordError(400, 160004, 'A thread has already been created for this message');
    }
    return { status: 201, body: state.createThread(message!, channel!, body.name) };
  });
  on('POST', '/channels/:channel/threads', ({ body, files }, { channel }) => {
    const forum = state.channels.get(channel!);
    if (!forum) return unknownChannel;
    // A forum post: the thread and its starter message share one id.
    const id = state.nextId();
    const thread = state.createThread(id, channel!, body.name);
    const message = state.createMessage(id, body.message ?? {}, files, id);
    return { status: 201, body: { ...thread, message } };
  });
  on('GET', '/applications/:app/commands', () => ok(state.commands.get('global') ?? []));
  on('PUT', '/applications/:app/commands', ({ body }) => ok(state.putCommands('global', body)));
  on('GET', '/applications/:app/guilds/:guild/commands', (_, { guild }) =>
    ok(state.commands.get(guild!) ?? []),
  );
  on('PUT', '/applications/:app/guilds/:guild/commands', ({ body }, { guild }) =>
    ok(state.putCommands(guild!, body)),
  );
  on('POST', '/interactions/:id/:token/callback', () => noContent);
  on('PATCH', '/webhooks/:app/:token/messages/:message', ({ body }, { message }) =>
    ok(interactionMessage(state, body, message!)),
  );
  on('DELETE', '/webhooks/:app/:token/messages/:message', () => noContent);
  on('POST', '/webhooks/:app/:token', ({ body }) => ok(interactionMessage(state, body, state.nextId())));
  return routes;
}

export function matchRoute(routes: Route[], method: string, path: string) {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(candidate.names.map((name, index) => [name, match[index + 1] ?? '']));
    return { handler: candidate.handler, params };
  }
  return undefined;
}

function route(method: string, path: string, handler: Handler): Route {
  const names: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names, handler };
}

function withCounts(guild: Json, query: URLSearchParams): Json {
  return query.get('with_counts') === 'true'
    ? { ...guild, approximate_member_count: 2, approximate_presence_count: 1 }
    : guild;
}

/** The message an interaction's webhook returns: discord.js builds a Message from it. */
function interactionMessage(state: FakeDiscordState, body: Json, id: string): Json {
  return {
    id: id === '@original' ? state.nextId() : id,
    channel_id: '0',
    author: state.botUser,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    components: [],
    pinned: false,
    type: 20,
    flags: body.flags ?? 0,
    webhook_id: state.applicationId,
    application_id: state.applicationId,
  };
}

/**
 * What the fake Discord remembers between requests: one guild with its channels, the messages and
 * threads the bot created, and the registered application commands. Objects are shaped like the
 * API's, with the fields discord.js reads.
 */

// biome-ignore lint/suspicious/noExplicitAny: payloads are arbitrary JSON that tests inspect freely.
export type Json = any;

export const ChannelTypes = { text: 0, dm: 1, publicThread: 11, forum: 15 } as const;

const DISCORD_EPOCH = 1_420_070_400_000n;

/** A file part of a multipart upload, as the fake parsed it. */
export interface FakeFile {
  /** The form field: `files[0]`, `files[1]`... */
  field: string;
  name: string;
  contentType: string;
  /** The part's bytes, exactly as received. */
  bytes: Buffer;
  /** The bytes read as UTF-8. */
  content: string;
}

export class FakeDiscordState {
  readonly applicationId = '900000000000000001';
  readonly guildId = '900000000000000100';
  readonly botUser = {
    id: this.applicationId,
    username: 'herald',
    discriminator: '0',
    bot: true,
    avatar: null,
  };
  readonly channels = new Map<string, Json>();
  /** Guild roles, sent in GUILD_CREATE (discord.js resolves a member's roles against them). */
  readonly roles: Json[] = [
    { id: this.guildId, name: '@everyone', permissions: '0', position: 0, color: 0, flags: 0 },
  ];
  /** Messages by id, in creation order. */
  readonly messages = new Map<string, Json>();
  /** Channels where the bot lacks Attach Files (their threads inherit it), as Discord answers 403. */
  readonly noAttachFiles = new Set<string>();
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, Json[]>();
  /**
   * How long Discord remembers an enforced nonce ("the past few minutes"); after that the same
   * nonce creates a second message. Tests shorten it to play a retry that comes too late.
   */
  nonceWindowMs = 5 * 60_000;
  /** The shard count `GET /gateway/bot` recommends (`DISCORD_SHARDS=auto` spawns that many). */
  recommendedShards = 1;
  /** Members whose DMs are closed to the bot (or who blocked it): a DM to them is refused, 50007. */
  readonly closedDms = new Set<string>();
  /** DM channel ids by recipient, as `POST /users/@me/channels` opens them (once per user). */
  readonly dmChannels = new Map<string, string>();
  private readonly nonces = new Map<string, { id: string; at: number }>();
  private lastId = 0n;

  /** A snowflake: the time since Discord's epoch in the high bits, so ids grow with time. */
  nextId(): string {
    const fromTime = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    this.lastId = fromTime > this.lastId ? fromTime : this.lastId + 1n;
    return this.lastId.toString();
  }

  addChannel(name: string, type: number): string {
    const id = this.nextId();
    this.channels.set(id, {
      id,
      type,
      guild_id: this.guildId,
      name,
      position: this.channels.size,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      rate_limit_per_user: 0,
      flags: 0,
      ...(type === ChannelTypes.forum ? { available_tags: [], default_forum_layout: 0 } : { topic: null }),
    });
    return id;
  }

  /** A DM channel with a user: the existing one, as Discord returns it, or a new one. */
  openDm(userId: string): Json {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = this.nextId();
      this.dmChannels.set(userId, id);
      this.channels.set(id, {
        id,
        type: ChannelTypes.dm,
        last_message_id: null,
        flags: 0,
        recipients: [{ id: userId, username: `user${userId.slice(-3)}`, discriminator: '0', avatar: null }],
      });
    }
    return this.channels.get(id);
  }

  /** The recipient of a DM channel, if it is one. */
  dmRecipient(channelId: string): string | undefined {
    const channel = this.channels.get(channelId);
    return channel?.type === ChannelTypes.dm ? channel.recipients[0].id : undefined;
  }

  addRole(name: string, permissions = '0'): string {
    const id = this.nextId();
    this.roles.push({ id, name, permissions, position: this.roles.length, color: 0, flags: 0 });
    return id;
  }

  guild(): Json {
    return {
      id: this.guildId,
      name: 'Research group',
      icon: null,
      owner_id: '900000000000000999',
      roles: this.roles,
      emojis: [],
      stickers: [],
      features: [],
      channels: this.guildChannels(),
      threads: [],
      members: [],
      member_count: 2,
      unavailable: false,
      joined_at: new Date(0).toISOString(),
      premium_tier: 0,
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      preferred_locale: 'en-US',
    };
  }

  guildChannels(): Json[] {
    return [...this.channels.values()].filter(
      (channel) => channel.type !== ChannelTypes.publicThread && channel.type !== ChannelTypes.dm,
    );
  }

  /**
   * Creates a message, or returns the earlier one when the nonce is enforced and was seen within
   * the nonce window (as Discord does: per author, whatever the channel).
   */
  createMessage(channelId: string, body: Json, files: FakeFile[], id = this.nextId()): Json {
    const nonce = body.enforce_nonce && body.nonce !== undefined ? String(body.nonce) : undefined;
    const earlier = nonce ? this.nonces.get(nonce) : undefined;
    if (earlier && Date.now() - earlier.at <= this.nonceWindowMs) return this.messages.get(earlier.id);
    const message = messageObject(id, channelId, this.guildId, this.botUser, body, files);
    this.messages.set(id, message);
    if (nonce) this.nonces.set(nonce, { id, at: Date.now() });
    return message;
  }

  /** A channel's messages as GET /channels/{id}/messages gives them: newest first, a page after `after`. */
  messagePage(channelId: string, query: URLSearchParams): Json[] {
    const after = BigInt(query.get('after') ?? '0');
    const limit = Math.min(100, Number(query.get('limit') ?? 50));
    return this.messagesIn(channelId)
      .filter((message) => BigInt(message.id) > after)
      .slice(0, limit)
      .reverse()
      .map(publicMessage);
  }

  /** Threads of the guild not archived, as GET /guilds/{id}/threads/active gives them. */
  activeThreads(): Json[] {
    return [...this.channels.values()].filter(
      (channel) => channel.type === ChannelTypes.publicThread && !channel.thread_metadata.archived,
    );
  }

  /** A forum's archived public threads, newest archive first. */
  archivedThreads(parentId: string): Json[] {
    return [...this.channels.values()]
      .filter((channel) => channel.parent_id === parentId && channel.thread_metadata?.archived)
      .reverse();
  }

  editMessage(id: string, body: Json): Json {
    const message = { ...this.messages.get(id), ...body, edited_timestamp: new Date().toISOString() };
    delete message.allowed_mentions;
    this.messages.set(id, message);
    return message;
  }

  /** A public thread; Discord gives a thread started on a message the message's id. */
  createThread(id: string, parentId: string, name: string): Json {
    const now = new Date().toISOString();
    const thread = {
      id,
      type: ChannelTypes.publicThread,
      guild_id: this.guildId,
      parent_id: parentId,
      name,
      owner_id: this.botUser.id,
      rate_limit_per_user: 0,
      flags: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
    };
    this.channels.set(id, thread);
    return thread;
  }

  /** Whether the bot may attach files in a channel or a thread (permissions of its parent). */
  mayAttachFiles(channelId: string): boolean {
    const parent = this.channels.get(channelId)?.parent_id;
    return !this.noAttachFiles.has(channelId) && !(parent && this.noAttachFiles.has(parent));
  }

  messagesIn(channelId: string): Json[] {
    return [...this.messages.values()].filter((message) => message.channel_id === channelId);
  }

  putCommands(scope: string, definitions: Json[]): Json[] {
    const previous = this.commands.get(scope) ?? [];
    const stored = definitions.map((definition) => {
      const existing = previous.find((command) => command.name === definition.name);
      return {
        ...definition,
        id: existing?.id ?? this.nextId(),
        application_id: this.applicationId,
        guild_id: scope === 'global' ? undefined : scope,
        version: this.nextId(),
        // Fields Discord adds on its own, so a comparison must ignore them.
        nsfw: false,
        description_localizations: null,
        name_localizations: null,
      };
    });
    this.commands.set(scope, stored);
    return stored;
  }
}

/** Discord returns a message's nonce only to the request that created it. */
function publicMessage(message: Json): Json {
  const { nonce: _nonce, ...rest } = message;
  return rest;
}

function messageObject(
  id: string,
  channelId: string,
  guildId: string,
  author: Json,
  body: Json,
  files: FakeFile[],
): Json {
  const content: string = body.content ?? '';
  const parse: string[] = body.allowed_mentions?.parse ?? ['users', 'roles', 'everyone'];
  const roleMentions = [...content.matchAll(/<@&(\d+)>/g)].map((match) => match[1]);
  return {
    id,
    channel_id: channelId,
    guild_id: guildId,
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    // What Discord would actually ping, given allowed_mentions: tests assert these stay empty.
    mention_everyone: parse.includes('everyone') && /@(everyone|here)/.test(content),
    mention_roles: parse.includes('roles') ? roleMentions : (body.allowed_mentions?.roles ?? []),
    mentions: [],
    attachments: files.map((file, index) => ({
      id: `${id}${index}`,
      filename: file.name,
      size: file.content.length,
      url: `https://cdn.invalid/${file.name}`,
      proxy_url: `https://cdn.invalid/${file.name}`,
    })),
    embeds: body.embeds ?? [],
    components: [],
    pinned: false,
    type: 0,
    flags: body.flags ?? 0,
    nonce: body.nonce,
  };
}

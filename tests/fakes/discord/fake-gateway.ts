/**
 * The gateway half of the fake Discord: HELLO, IDENTIFY -> READY (+ GUILD_CREATE), heartbeat ACKs,
 * and INTERACTION_CREATE dispatches built from a few test-friendly arguments.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeDiscordState, Json } from './fake-state.js';

const Op = { dispatch: 0, heartbeat: 1, identify: 2, hello: 10, heartbeatAck: 11 } as const;

export interface MemberOptions {
  userId?: string;
  /** Permission bits the member has in the channel, as Discord sends them (a decimal string). */
  permissions?: string;
  roles?: string[];
  /** The member's server nickname, and the user's display name (global name); default none. */
  nick?: string;
  globalName?: string;
}

export class FakeGateway {
  /** Websocket connections opened so far: a REST-only client must leave this at 0. */
  connections = 0;
  /** Connected clients and the shard each identified as ([id, count]; unsharded: [0, 1]). */
  private readonly sockets = new Map<WebSocket, [number, number]>();
  private readonly server: WebSocketServer;
  private sequence = 0;
  /** While true, a new connection is closed at once (an outage). */
  private down = false;
  /** The close code the next IDENTIFY is answered with, as Discord closes on a bad token. */
  private identifyRefusal: number | undefined;
  private identified?: () => void;
  /** Resolves once a client has identified and been sent READY. */
  readonly ready = new Promise<void>((resolve) => {
    this.identified = resolve;
  });

  constructor(
    httpServer: Server,
    private readonly state: FakeDiscordState,
    private readonly url: () => string,
  ) {
    this.server = new WebSocketServer({ server: httpServer, path: '/gateway' });
    this.server.on('connection', (socket) => this.accept(socket));
  }

  /** Dispatches INTERACTION_CREATE for a slash command or (type 4) an autocomplete request. */
  sendInteraction(type: 2 | 4, data: Json, member: MemberOptions = {}): { id: string; token: string } {
    const id = this.state.nextId();
    const token = `token-${randomBytes(8).toString('hex')}`;
    const channel = [...this.state.channels.values()][0];
    // As Discord does: a guild's events go to shard (guild_id >> 22) % shard_count only.
    const guildShard = (count: number) => Number((BigInt(this.state.guildId) >> 22n) % BigInt(count));
    this.dispatch((shard) => shard[0] === guildShard(shard[1]), 'INTERACTION_CREATE', {
      id,
      application_id: this.state.applicationId,
      type,
      token,
      version: 1,
      data: { id: this.state.nextId(), type: 1, ...data },
      guild_id: this.state.guildId,
      channel_id: channel?.id,
      channel,
      member: memberObject(member),
      locale: 'en-US',
      guild_locale: 'en-US',
      app_permissions: '0',
      entitlements: [],
      authorizing_integration_owners: { '0': this.state.guildId },
      context: 0,
    });
    return { id, token };
  }

  /** An outage: every connection is dropped, and new ones are closed at once until `restore()`. */
  drop(): void {
    this.down = true;
    for (const socket of this.sockets.keys()) socket.terminate();
  }

  restore(): void {
    this.down = false;
  }

  /** Answers the next IDENTIFY by closing with `code` (4004: authentication failed). */
  refuseIdentify(code: number): void {
    this.identifyRefusal = code;
  }

  /** Closes every connected client with `code` (4014: disallowed intents, which ends a session for good). */
  closeAll(code: number): void {
    for (const socket of this.sockets.keys()) socket.close(code);
  }

  close(): Promise<void> {
    for (const socket of this.sockets.keys()) socket.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.connections += 1;
    if (this.down) {
      socket.terminate();
      return;
    }
    this.sockets.set(socket, [0, 1]);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (raw) => this.receive(socket, JSON.parse(raw.toString())));
    this.send(socket, { op: Op.hello, d: { heartbeat_interval: 45_000 } });
  }

  private receive(socket: WebSocket, frame: { op: number; d: Json }): void {
    if (frame.op === Op.heartbeat) this.send(socket, { op: Op.heartbeatAck });
    if (frame.op !== Op.identify) return;
    if (this.identifyRefusal !== undefined) {
      socket.close(this.identifyRefusal);
      this.identifyRefusal = undefined;
      return;
    }
    const shard: [number, number] = Array.isArray(frame.d?.shard) ? frame.d.shard : [0, 1];
    this.sockets.set(socket, shard);
    const toThis = (candidate: [number, number]) => candidate === shard;
    this.dispatch(toThis, 'READY', {
      v: 10,
      user: this.state.botUser,
      guilds: [{ id: this.state.guildId, unavailable: true }],
      session_id: randomBytes(8).toString('hex'),
      resume_gateway_url: this.url(),
      shard,
      application: { id: this.state.applicationId, flags: 0 },
    });
    // Guilds announced as unavailable in READY must follow, or discord.js waits 15 s for them.
    this.dispatch(toThis, 'GUILD_CREATE', this.state.guild());
    this.identified?.();
  }

  private dispatch(to: (shard: [number, number]) => boolean, event: string, d: Json): void {
    this.sequence += 1;
    for (const [socket, shard] of this.sockets) {
      if (to(shard)) this.send(socket, { op: Op.dispatch, t: event, s: this.sequence, d });
    }
  }

  private send(socket: WebSocket, frame: Json): void {
    socket.send(JSON.stringify(frame));
  }
}

function memberObject(options: MemberOptions): Json {
  const userId = options.userId ?? '900000000000000500';
  return {
    user: {
      id: userId,
      username: `user${userId.slice(-3)}`,
      discriminator: '0',
      global_name: options.globalName ?? null,
      avatar: null,
    },
    nick: options.nick ?? null,
    roles: options.roles ?? [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    permissions: options.permissions ?? '0',
  };
}

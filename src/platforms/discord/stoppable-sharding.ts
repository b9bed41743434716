/**
 * @discordjs/ws's default gateway strategy (SimpleShardingStrategy), made to stop for good when the
 * gateway is destroyed. @discordjs/ws (1.2, and 2.0, whose shard code is the same there) leaves
 * two things running after destroy(), which kept `herald run` from exiting and, worse, could end
 * it later:
 * - a shard destroyed between two reconnection attempts (the gateway refuses connections) starts
 *   another one 500 ms later, and so on forever;
 * - a shard destroyed while its socket is still opening (a gateway that accepts TCP and never
 *   answers) leaves that socket open with no error listener: when the handshake times out, 30 s
 *   later, the socket's 'error' is thrown as an uncaught exception.
 * The first is why each shard's reconnection is turned off before it is destroyed; the second why
 * a socket still open afterwards is terminated, with an error listener. Both reach into the shard's
 * internals, so tests/platforms/discord/unreachable-gateway.e2e.test.ts checks them end to end.
 */
import { SimpleShardingStrategy, type WebSocketShardDestroyOptions } from '@discordjs/ws';

/** The internals of @discordjs/ws's WebSocketShard used here. */
interface ShardInternals {
  internalConnect(): Promise<void>;
  connection: {
    readyState: number;
    on(event: 'error', listener: () => void): void;
    terminate(): void;
  } | null;
}

const CLOSED = 3;

export class StoppableShardingStrategy extends SimpleShardingStrategy {
  override async destroy(options?: Omit<WebSocketShardDestroyOptions, 'recover'>): Promise<void> {
    const shards = [...(this as unknown as { shards: Map<number, ShardInternals> }).shards.values()];
    for (const shard of shards) shard.internalConnect = async () => undefined;
    await super.destroy(options);
    for (const shard of shards) {
      const socket = shard.connection;
      if (!socket || socket.readyState === CLOSED) continue;
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }
}

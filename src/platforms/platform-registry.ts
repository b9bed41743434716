/**
 * Which platform posts to which channel. A channel whose platform has no token set falls back
 * to the console, so a new user without tokens sees every announcement printed.
 */
import type { ChatPlatform } from '../announce/chat-platform.js';
import type { ChannelConfig, PlatformName } from '../config/schema.js';

export class PlatformRegistry {
  readonly #platforms = new Map<PlatformName, ChatPlatform>();

  constructor(private readonly fallback: ChatPlatform) {
    this.#platforms.set('console', fallback);
  }

  register(name: PlatformName, platform: ChatPlatform): void {
    this.#platforms.set(name, platform);
  }

  has(name: PlatformName): boolean {
    return this.#platforms.has(name);
  }

  platformFor(channel: ChannelConfig): ChatPlatform {
    return this.#platforms.get(channel.platform) ?? this.fallback;
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      [...new Set(this.#platforms.values())].map((platform) => platform.close().catch(() => undefined)),
    );
  }
}

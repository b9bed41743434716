/**
 * Which platform posts to which channel. A channel whose platform has no token is never posted
 * to, and nothing of it is recorded as delivered: its deliveries wait in the outbox. In console
 * mode (no chat token at all) each waiting delivery is also printed once, so a new user sees what
 * would be posted.
 */

import type { ChatPlatform } from '../announce/chat-platform.js';
import type { PlatformChoice } from '../announce/delivery-worker.js';
import { missingTokenReason } from '../config/chat-tokens.js';
import type { ChannelConfig, PlatformName } from '../config/schema.js';

export class PlatformRegistry {
  readonly #platforms = new Map<PlatformName, ChatPlatform>();

  constructor(
    private readonly console: ChatPlatform,
    private readonly options: { consoleMode: boolean },
  ) {
    this.#platforms.set('console', console);
  }

  register(name: PlatformName, platform: ChatPlatform): void {
    this.#platforms.set(name, platform);
  }

  has(name: PlatformName): boolean {
    return this.#platforms.has(name);
  }

  choose(channel: ChannelConfig): PlatformChoice {
    const platform = this.#platforms.get(channel.platform);
    if (platform) return { platform };
    // The console is always registered: only Discord and Slack can be missing.
    const missing = missingTokenReason(channel.platform as Exclude<PlatformName, 'console'>);
    return this.options.consoleMode ? { missing, preview: this.console } : { missing };
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      [...new Set(this.#platforms.values())].map((platform) => platform.close().catch(() => undefined)),
    );
  }
}

/**
 * Who may run admin commands on Slack: users listed in `slack.admins` (config), else workspace
 * admins and owners as users.info reports them. Answers are cached for a few minutes so a burst of
 * commands costs one lookup; a failed lookup refuses (and is not cached), never grants.
 */
import type { Logger } from '../../log.js';

export interface SlackUserRoles {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export interface AdminCheckOptions {
  /** User ids from `slack.admins`: read at each check, so a config reload applies. */
  admins: readonly string[];
  /** users.info for one user; throws when Slack cannot be asked. */
  lookUpRoles: (userId: string) => Promise<SlackUserRoles | undefined>;
  logger: Logger;
  ttlMs?: number;
  now?: () => number;
}

export interface AdminCheck {
  /** Listed in the config: known without asking Slack. */
  isListed(userId: string): boolean;
  isAdmin(userId: string): Promise<boolean>;
}

const DEFAULT_TTL_MS = 5 * 60_000;

export function createAdminCheck(options: AdminCheckOptions): AdminCheck {
  const listed = { has: (userId: string) => options.admins.includes(userId) };
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { admin: boolean; expires: number }>();

  async function lookUp(userId: string): Promise<boolean> {
    const cached = cache.get(userId);
    if (cached && cached.expires > now()) return cached.admin;
    try {
      const roles = await options.lookUpRoles(userId);
      const admin = Boolean(roles?.is_admin || roles?.is_owner || roles?.is_primary_owner);
      cache.set(userId, { admin, expires: now() + ttlMs });
      return admin;
    } catch (error) {
      options.logger.warn({ err: error, userId }, 'users.info failed; treating the user as not an admin');
      return false;
    }
  }

  return {
    isListed: (userId) => listed.has(userId),
    isAdmin: async (userId) => listed.has(userId) || lookUp(userId),
  };
}

/**
 * Members may follow only people the bot watches; asking for someone else records a request, and
 * the leader tells the admin channel of new requests at its next tick (`/watch add` stays with
 * the admins). Requests are stored, not posted by the instance that took the command, so that
 * any instance (or a Discord shard process) can take it.
 */
import type { FollowRepository } from '../store/follow-repository.js';

/** Tells the admins of requests not yet told, in one notice; returns how many. */
export async function tellAdminsOfRequests(
  follows: FollowRepository,
  notifyAdmins: (text: string) => Promise<void>,
  clock: () => Date,
): Promise<number> {
  const fresh = await follows.unnotifiedRequests();
  if (fresh.length === 0) return 0;
  const lines = fresh.map(
    ({ request }) => `${request.platform} member ${request.userId} asks to follow "${request.name}"`,
  );
  await notifyAdmins(
    `${lines.join('; ')}. Nobody of that name is watched: \`/watch add <name>\` watches them, and the member can then /follow them.`,
  );
  const now = clock();
  for (const { key, request } of fresh) await follows.markNotified(key, request, now);
  return fresh.length;
}

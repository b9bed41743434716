/**
 * `herald redeliver <delivery|channel|all>`: queues held deliveries again. The running bot (or the
 * next `herald run --once`) posts them at its next delivery run, from their first step; a step
 * that may have gone out before is looked for first, so nothing is doubled.
 */
import { HeraldError } from '../errors.js';
import type { HeldSelector, OutboxEntry } from '../store/outbox-repository.js';
import type { Core } from './core.js';
import { restoreLegacyRefusals } from './legacy-refusals.js';

/** The target names no held delivery, no configured channel, and is not `all`. */
export class UnknownRedeliverTargetError extends HeraldError {
  constructor(target: string) {
    super(
      'REDELIVER_UNKNOWN_TARGET',
      `"${target}" is no held delivery (see herald status), no configured channel, and not "all"`,
    );
  }
}

export interface RedeliverResult {
  /** What was asked for, for the message: `all held deliveries`, `channel lab`, `delivery ...`. */
  described: string;
  queued: OutboxEntry[];
}

export async function redeliver(core: Core, target: string): Promise<RedeliverResult> {
  await restoreLegacyRefusals(core);
  const { selector, described } = await selectorFor(core, target);
  return { described, queued: await core.store.outbox.redeliver(selector) };
}

async function selectorFor(
  core: Core,
  target: string,
): Promise<{ selector: HeldSelector; described: string }> {
  if (target === 'all') return { selector: 'all', described: 'all held deliveries' };
  if (core.config.channels.some((channel) => channel.id === target))
    return { selector: { channelId: target }, described: `channel ${target}` };
  if ((await core.store.outbox.get(target))?.heldAt)
    return { selector: { key: target }, described: `delivery ${target}` };
  throw new UnknownRedeliverTargetError(target);
}

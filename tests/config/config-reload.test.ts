/**
 * What a config reload does to the running config: its contents replaced in place, so parts of
 * the bot holding a nested object or list (the Slack admins, the channels) see the new values;
 * and which settings changed, as the reload logs them.
 */
import { describe, expect, it } from 'vitest';
import { changedPaths, replaceInPlace } from '../../src/app/config-reload.js';
import { configSchema } from '../../src/config/schema.js';

const parse = (raw: Record<string, unknown>) => configSchema.parse(raw);

describe('replaceInPlace', () => {
  it('replaces contents, keeping every object and list the bot may hold', () => {
    const running = parse({
      slack: { admins: ['U0AAA1'] },
      channels: [{ id: 'a', platform: 'console', target: 'x' }],
    });
    const admins = running.slack.admins;
    const channels = running.channels;
    const next = parse({ slack: { admins: ['U0BBB2', 'U0CCC3'] }, timezone: 'Europe/Zurich' });
    replaceInPlace(running, next);
    expect(running).toEqual(next);
    expect(running.slack.admins).toBe(admins);
    expect(admins).toEqual(['U0BBB2', 'U0CCC3']);
    expect(channels).toEqual([]);
  });
});

describe('changedPaths', () => {
  it('names what changed, two levels deep', () => {
    const before = parse({
      schedule: { papers: '15 0 * * 1-5' },
      people: [{ id: 'a', name: 'Ada Lovelace' }],
    });
    const after = parse({
      schedule: { papers: '* * * * *' },
      people: [],
      arxiv: { requestIntervalMs: 4000 },
    });
    expect(changedPaths(before, after)).toEqual(['schedule.papers', 'arxiv.requestIntervalMs', 'people']);
    expect(changedPaths(before, before)).toEqual([]);
  });
});

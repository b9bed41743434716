/** Pure parts of the adapter: command options, command diffing, error classes, reply rendering. */
import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { commandOptions } from '../../../src/platforms/discord/command-options.js';
import { type OptionReader, toCommandRequest } from '../../../src/platforms/discord/command-request.js';
import { toDeliveryError } from '../../../src/platforms/discord/errors.js';
import { renderCommandReply } from '../../../src/platforms/discord/render-command-reply.js';
import { renderThreadReply } from '../../../src/platforms/discord/render-thread-reply.js';
import { nonceFor, restOptions } from '../../../src/platforms/discord/rest-poster.js';
import { commandDefinitions, sameCommands } from '../../../src/platforms/discord/slash-commands.js';

function options(values: Record<string, string | number>, subcommand: string | null = null): OptionReader {
  return {
    getSubcommand: () => subcommand,
    getString: (name) => (typeof values[name] === 'string' ? (values[name] as string) : null),
    getInteger: (name) => (typeof values[name] === 'number' ? (values[name] as number) : null),
  };
}

describe('toCommandRequest', () => {
  it('maps options and leaves absent ones out', () => {
    expect(toCommandRequest('papers', options({ query: ' diffusion ', page: 2 }))).toEqual({
      name: 'papers',
      query: 'diffusion',
      page: 2,
    });
    expect(
      toCommandRequest('watch', options({ name: 'Matthieu Wyart', orcid: '0000-0002-1825-0097' }, 'add')),
    ).toEqual({ name: 'watch', action: 'add', personName: 'Matthieu Wyart', orcid: '0000-0002-1825-0097' });
    expect(toCommandRequest('feed', options({ id: 'seminars' }, 'resume'))).toEqual({
      name: 'feed',
      action: 'resume',
      id: 'seminars',
    });
    expect(toCommandRequest('talks', options({}))).toEqual({ name: 'talks' });
    expect(toCommandRequest('dance', options({}))).toBeUndefined();
  });
});

describe('commandOptions (the raw options tree of an interaction)', () => {
  const [Subcommand, SubcommandGroup, String_, Integer, User] = [1, 2, 3, 4, 6] as const;

  it('reads the options inside the subcommand, and an option of another type as absent', () => {
    const options = commandOptions([
      {
        type: Subcommand,
        name: 'add',
        options: [
          { type: String_, name: 'name', value: 'Matthieu Wyart' },
          { type: Integer, name: 'page', value: 2 },
          { type: User, name: 'member', value: '900000000000000501' },
        ],
      },
    ]);
    expect(options.getSubcommand(false)).toBe('add');
    expect(options.getString('name')).toBe('Matthieu Wyart');
    expect(options.getInteger('page')).toBe(2);
    expect(options.getUser?.('member')).toEqual({ id: '900000000000000501' });
    expect(options.getString('page')).toBeNull();
    expect(options.getInteger('name')).toBeNull();
    expect(options.getString('orcid')).toBeNull();
    expect(options.focused()).toBeUndefined();
  });

  it('finds the subcommand inside a group, top-level options without one, and the focused option', () => {
    const grouped = commandOptions([
      {
        type: SubcommandGroup,
        name: 'people',
        options: [
          { type: Subcommand, name: 'remove', options: [{ type: String_, name: 'id', value: 'fav' }] },
        ],
      },
    ]);
    expect([grouped.getSubcommand(false), grouped.getString('id')]).toEqual(['remove', 'fav']);

    const typing = commandOptions([
      { type: String_, name: 'query', value: 'diffusion' },
      { type: String_, name: 'author', value: 'fav', focused: true },
    ]);
    expect(typing.getSubcommand(false)).toBeNull();
    expect(typing.focused()).toEqual({ name: 'author', value: 'fav' });
    expect(commandOptions(undefined).getSubcommand(false)).toBeNull();
  });

  it('gives toCommandRequest what it maps from', () => {
    const options = commandOptions([
      { type: Subcommand, name: 'add', options: [{ type: String_, name: 'name', value: ' Ada Lovelace ' }] },
    ]);
    expect(toCommandRequest('watch', options)).toEqual({
      name: 'watch',
      action: 'add',
      personName: 'Ada Lovelace',
    });
  });
});

describe('sameCommands', () => {
  const ours = commandDefinitions('123');

  it('ignores what Discord adds and the order it returns', () => {
    const registered = [...ours].reverse().map((command) => ({
      ...command,
      id: '1',
      version: '2',
      nsfw: false,
      integration_types: [0],
      contexts: null,
      options: command.options?.map((option) => ({ ...option, description_localizations: null })),
    }));
    expect(sameCommands(ours, registered)).toBe(true);
  });

  it('sees a changed description, a missing command or changed permissions', () => {
    expect(sameCommands(ours, ours.slice(1))).toBe(false);
    expect(
      sameCommands(
        ours,
        ours.map((c) => (c.name === 'talks' ? { ...c, description: 'old' } : c)),
      ),
    ).toBe(false);
    expect(
      sameCommands(
        ours,
        ours.map((c) => (c.name === 'status' ? { ...c, default_member_permissions: null } : c)),
      ),
    ).toBe(false);
  });
});

describe('toDeliveryError', () => {
  const request = { body: undefined, files: undefined };

  it('classifies access and unknown-channel errors as permanent', () => {
    const missingAccess = new DiscordAPIError(
      { code: 50001, message: 'Missing Access' },
      50001,
      403,
      'POST',
      '/x',
      request,
    );
    expect(toDeliveryError(missingAccess, 'post')).toMatchObject({
      code: 'DISCORD_MISSING_ACCESS',
      permanent: true,
    });
    const unauthorized = new DiscordAPIError(
      { code: 0, message: '401: Unauthorized' },
      0,
      401,
      'POST',
      '/x',
      request,
    );
    expect(toDeliveryError(unauthorized, 'post')).toMatchObject({
      code: 'DISCORD_UNAUTHORIZED',
      permanent: true,
    });
  });

  it('classifies server errors and network failures as transient', () => {
    expect(toDeliveryError(new HTTPError(502, 'Bad Gateway', 'POST', '/x', request), 'post')).toMatchObject({
      code: 'DISCORD_UNAVAILABLE',
      permanent: false,
    });
    expect(toDeliveryError(new Error('connect ECONNREFUSED'), 'post')).toMatchObject({
      code: 'DISCORD_NETWORK',
      permanent: false,
    });
  });
});

describe('rendering', () => {
  it('derives a nonce of at most 25 characters, stable per key', () => {
    const key = 'arxiv:2605.27734@papers-channel-with-a-long-id';
    expect(nonceFor(key)).toHaveLength(25);
    expect(nonceFor(key)).toBe(nonceFor(key));
    expect(nonceFor(key)).not.toBe(nonceFor(`${key}x`));
  });

  it('accepts the API base with or without the version', () => {
    expect(restOptions({ apiUrl: 'http://127.0.0.1:1/api/v10/' }).api).toBe('http://127.0.0.1:1/api');
    expect(restOptions({ apiUrl: 'http://127.0.0.1:1/api' }).api).toBe('http://127.0.0.1:1/api');
  });

  it('shows a reminder with the time left until the talk', () => {
    const { body } = renderThreadReply({
      kind: 'notice',
      text: 'Starts in one hour',
      start: '2026-06-10T14:00:00Z',
    });
    const unix = Date.parse('2026-06-10T14:00:00Z') / 1000;
    expect(body.content).toBe(`Starts in one hour\nStarts <t:${unix}:F> (<t:${unix}:R>)`);
  });

  it('never sends an empty notice, which Discord refuses (found by the contract test)', () => {
    expect(renderThreadReply({ kind: 'notice', text: ' \n ' }).body.content).toBe('(no text)');
    const unix = Date.parse('2026-06-10T14:00:00Z') / 1000;
    const timed = renderThreadReply({ kind: 'notice', text: ' ', start: '2026-06-10T14:00:00Z' });
    expect(timed.body.content).toBe(`\nStarts <t:${unix}:F> (<t:${unix}:R>)`);
  });

  it('attaches a BibTeX entry too long for a message instead of cutting it', () => {
    const rendered = renderThreadReply({
      kind: 'bibtex',
      text: `@article{x,\n  note = {${'y'.repeat(2500)}}\n}`,
    });
    expect(rendered.files.map((file) => file.name)).toEqual(['citation.bib']);
    expect(rendered.body.content).toBe('BibTeX entry attached.');
  });

  it('keeps long command replies within the description limit, counting the items left out', () => {
    const item = {
      title: 'A paper',
      url: 'https://e.org/p',
      snippet: [{ text: 'word '.repeat(200), match: false }],
    };
    const embed = renderCommandReply({
      status: 'ok',
      ephemeral: false,
      text: 'Many',
      items: Array(40).fill(item),
    });
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.description).toMatch(/…and \d+ more$/);
  });
});

/**
 * The gateway bot end to end: the real @discordjs/core Client (over @discordjs/ws and
 * @discordjs/rest) logs in to the fake Discord, registers the slash commands and answers
 * interactions through a stub of our own CommandService port.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_COMMANDS,
  type Caller,
  type CommandName,
  type CommandReply,
  type CommandRequest,
  type CommandService,
  type Suggestion,
  type SuggestionKind,
} from '../../../src/commands/command.js';
import type { Logger } from '../../../src/log.js';
import { type DiscordBot, startDiscordBot } from '../../../src/platforms/discord/index.js';
import { SLASH_COMMANDS } from '../../../src/platforms/discord/slash-commands.js';
import type { LinkWatcher } from '../../../src/platforms/kept-connection.js';
import { FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { within } from '../../support/bounded-wait.js';

const EPHEMERAL = 64;
const MANAGE_GUILD = (1n << 5n).toString();
const ADMINISTRATOR = (1n << 3n).toString();
const String_ = 3;
const Subcommand = 1;

/** Answers like the real service would: admins only for admin commands; records every call. */
class StubCommands implements CommandService {
  readonly calls: { request: CommandRequest; caller: Caller }[] = [];
  readonly suggestCalls: { kind: string; partial: string }[] = [];
  answer: (request: CommandRequest) => CommandReply = () => ({
    status: 'ok',
    ephemeral: false,
    text: 'Done.',
  });

  async execute(request: CommandRequest, caller: Caller): Promise<CommandReply> {
    this.calls.push({ request, caller });
    if (ADMIN_COMMANDS.has(request.name) && !caller.isAdmin) {
      return { status: 'refused', ephemeral: true, text: 'Only server admins can use /watch.' };
    }
    return this.answer(request);
  }

  async suggest(kind: SuggestionKind, partial: string): Promise<Suggestion[]> {
    this.suggestCalls.push({ kind, partial });
    return [{ label: 'Alessandro Favero', value: 'favero' }];
  }
}

function capturingLogger(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      messages.push(JSON.parse(chunk.toString()).msg);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), messages };
}

let fake: FakeDiscord;
let bot: DiscordBot | undefined;
let commands: StubCommands;

beforeEach(async () => {
  fake = await FakeDiscord.start();
  commands = new StubCommands();
});

afterEach(async () => {
  await bot?.close();
  bot = undefined;
  await fake.close();
});

async function start(options: { guildId?: string; adminRoleIds?: string[]; logger?: Logger } = {}) {
  bot = await startDiscordBot({
    token: 'test-token',
    apiUrl: fake.apiUrl,
    adminRoleIds: options.adminRoleIds ?? [],
    commands,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.guildId ? { guildId: options.guildId } : {}),
  });
  return bot;
}

describe('start', () => {
  it('logs in over the gateway and registers the commands in the guild, then not again when unchanged', async () => {
    const guildPath = `/applications/${fake.applicationId}/guilds/${fake.state.guildId}/commands`;
    await start({ guildId: fake.state.guildId });

    expect(fake.gatewayConnections).toBe(1);
    const [put] = fake.requestsTo('PUT', guildPath);
    expect(put?.body.map((command: { name: string }) => command.name)).toEqual(
      SLASH_COMMANDS.map((command) => command.name),
    );
    // Every admin command is hidden from members without Manage Server.
    for (const command of put!.body as { name: CommandName; default_member_permissions?: string }[])
      expect(command.default_member_permissions, command.name).toBe(
        ADMIN_COMMANDS.has(command.name) ? MANAGE_GUILD : undefined,
      );
    expect(
      put?.body.find((command: { name: string }) => command.name === 'papers').default_member_permissions,
    ).toBe(undefined);

    await bot?.close();
    const { logger, messages } = capturingLogger();
    await start({ guildId: fake.state.guildId, logger });
    expect(fake.requestsTo('GET', guildPath)).toHaveLength(2);
    expect(fake.requestsTo('PUT', guildPath)).toHaveLength(1);
    expect(messages).toContain('commands unchanged');
  });

  it('registers globally, for guilds only, when no guild id is given', async () => {
    await start();

    const [put] = fake.requestsTo('PUT', `/applications/${fake.applicationId}/commands`);
    expect(put?.body).toHaveLength(SLASH_COMMANDS.length);
    expect(put?.body[0]).toMatchObject({ contexts: [0], integration_types: [0] });
  });

  it('fails at once with a login error when the gateway closes on the identify for good (4004)', async () => {
    fake.refuseGatewayIdentify(4004);

    // No attempt timeout here: were the close not seen as fatal, this would wait for READY forever.
    await expect(start()).rejects.toMatchObject({ code: 'DISCORD_LOGIN_FAILED' });
    expect(fake.gatewayConnections).toBe(1);
  });

  it('reports a close for good after the login as lost, and nothing when the bot closes itself', async () => {
    const changes: string[] = [];
    let reportLoss: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => {
      reportLoss = resolve;
    });
    const watch: LinkWatcher = {
      reconnecting: (reason) => changes.push(`reconnecting: ${reason}`),
      restored: () => changes.push('restored'),
      lost: (error) => {
        changes.push(`lost: ${error.message}`);
        reportLoss();
      },
    };
    const options = { token: 'test-token', apiUrl: fake.apiUrl, adminRoleIds: [], commands };
    bot = await startDiscordBot({ ...options, logger: pino({ level: 'silent' }) }, { watch });
    fake.closeGateway(4014);
    await within(5_000, 'the loss to be reported', lost, () => changes.join('\n'));
    expect(changes).toEqual(['lost: the gateway closed the connection for good (code 4014)']);

    const second = await startDiscordBot({ ...options, logger: pino({ level: 'silent' }) }, { watch });
    await second.close();
    expect(changes).toHaveLength(1);
  });

  it('fails with a login error when Discord refuses the token', async () => {
    fake.script('GET', '/gateway/bot', { status: 401, body: { message: '401: Unauthorized', code: 0 } });

    await expect(start()).rejects.toMatchObject({ code: 'DISCORD_LOGIN_FAILED' });
    expect(fake.gatewayConnections).toBe(0);
  });
});

describe('slash commands', () => {
  it('answers /papers diffusion with the service reply rendered as an embed', async () => {
    commands.answer = () => ({
      status: 'ok',
      ephemeral: false,
      text: '2 papers match "diffusion".',
      items: [
        {
          title: 'How compositional generalization and creativity improve as diffusion models are trained',
          url: 'https://arxiv.org/abs/2502.12089',
          people: [
            { name: 'Alessandro Favero', watched: true },
            { name: 'Matthieu Wyart', watched: false },
          ],
          date: '2025-02-17',
          snippet: [
            { text: 'We investigate these questions in the context of ', match: false },
            { text: 'diffusion', match: true },
            { text: ' models both theoretically and empirically.', match: false },
          ],
        },
      ],
      footer: 'Page 1 of 1',
    });
    await start();
    const outcome = await fake.sendCommand('papers', [{ type: String_, name: 'query', value: 'diffusion' }]);

    expect(commands.calls[0]?.request).toEqual({ name: 'papers', query: 'diffusion' });
    expect(commands.calls[0]?.caller).toEqual({
      platform: 'discord',
      userId: '900000000000000500',
      // No nickname or display name: the username, as Discord shows it.
      displayName: 'user500',
      isAdmin: false,
      channelId: fake.textChannelId,
    });
    expect(outcome.callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(outcome.answer.method).toBe('PATCH');
    const embed = outcome.answer.body.embeds[0];
    expect(embed.description).toBe(
      [
        '2 papers match "diffusion".',
        '',
        '**[How compositional generalization and creativity improve as diffusion models are trained](<https://arxiv.org/abs/2502.12089>)**',
        '**Alessandro Favero**, Matthieu Wyart · 2025-02-17',
        '> We investigate these questions in the context of **diffusion** models both theoretically and empirically.',
      ].join('\n'),
    );
    expect(embed.footer).toEqual({ text: 'Page 1 of 1' });
    expect(outcome.answer.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('replaces a deferred public answer by an ephemeral follow-up when the reply is ephemeral', async () => {
    commands.answer = () => ({
      status: 'invalid',
      ephemeral: true,
      text: '"since" must look like 2024 or 2024-05.',
    });
    await start();
    const outcome = await fake.sendCommand('papers', [{ type: String_, name: 'since', value: 'last week' }]);

    expect(outcome.requests.map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(outcome.answer.body.flags).toBe(EPHEMERAL);
  });

  const watchAdd = [
    { type: Subcommand, name: 'add', options: [{ type: String_, name: 'name', value: 'Matthieu Wyart' }] },
  ];

  it('reports a member without Manage Server as no admin, and the refusal is ephemeral', async () => {
    await start();
    const outcome = await fake.sendCommand('watch', watchAdd, { permissions: '0' });

    expect(commands.calls[0]).toMatchObject({
      request: { name: 'watch', action: 'add', personName: 'Matthieu Wyart' },
      caller: { isAdmin: false },
    });
    expect(outcome.callback.body.data.flags).toBe(EPHEMERAL);
    expect(outcome.answer.body.embeds[0].description).toBe('Only server admins can use /watch.');
  });

  it('reports members with Manage Server or Administrator as admins', async () => {
    await start();
    await fake.sendCommand('watch', watchAdd, { permissions: MANAGE_GUILD });
    await fake.sendCommand('watch', watchAdd, { permissions: ADMINISTRATOR });

    expect(commands.calls.map((call) => call.caller.isAdmin)).toEqual([true, true]);
  });

  it('reports members with a configured admin role as admins', async () => {
    const adminRole = fake.state.addRole('herald-admins');
    const otherRole = fake.state.addRole('students');
    await start({ adminRoleIds: [adminRole] });
    await fake.sendCommand('watch', watchAdd, { roles: [otherRole] });
    await fake.sendCommand('watch', watchAdd, { roles: [otherRole, adminRole] });

    expect(commands.calls.map((call) => call.caller.isAdmin)).toEqual([false, true]);
  });

  it('names the caller by server nickname, else display name, else username', async () => {
    await start();
    await fake.sendCommand('papers', [], { nick: 'Ale (lab)', globalName: 'Alessandro' });
    await fake.sendCommand('papers', [], { globalName: 'Alessandro' });
    await fake.sendCommand('papers', []);

    expect(commands.calls.map((call) => call.caller.displayName)).toEqual([
      'Ale (lab)',
      'Alessandro',
      'user500',
    ]);
  });

  it('answers autocomplete with no choices when the service fails', async () => {
    commands.suggest = async () => {
      throw new Error('store down');
    };
    await start();
    const outcome = await fake.sendAutocomplete('feed', [
      {
        type: Subcommand,
        name: 'remove',
        options: [{ type: String_, name: 'id', value: 'se', focused: true }],
      },
    ]);

    expect(outcome.callback.body).toEqual({ type: 8, data: { choices: [] } });
  });

  it('offers watched people while typing an author', async () => {
    await start();
    const outcome = await fake.sendAutocomplete('papers', [
      { type: String_, name: 'author', value: 'fav', focused: true },
    ]);

    expect(commands.suggestCalls).toEqual([{ kind: 'person', partial: 'fav' }]);
    expect(outcome.callback.body).toEqual({
      type: 8,
      data: { choices: [{ name: 'Alessandro Favero', value: 'favero' }] },
    });
  });
});

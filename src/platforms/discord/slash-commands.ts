/**
 * The slash command definitions, and registration that writes only when they changed (as Sapphire
 * does): Discord rate-limits command updates, and a PUT on every restart would also reset what
 * users see while clients refresh.
 */
import type { REST } from '@discordjs/rest';
import {
  ApplicationIntegrationType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody as CommandDefinition,
  InteractionContextType,
  ApplicationCommandOptionType as Option,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import type { Logger } from '../../log.js';

/** Admin commands are hidden from members without Manage Server; the run-time check still applies. */
const ADMIN_PERMISSIONS = PermissionFlagsBits.ManageGuild.toString();

const person = { type: Option.String, autocomplete: true } as const;
const feed = { type: Option.String, autocomplete: true } as const;
const source = { type: Option.String, autocomplete: true } as const;

export const SLASH_COMMANDS: readonly CommandDefinition[] = [
  {
    name: 'papers',
    description: 'Search the papers of the people this server watches',
    options: [
      { type: Option.String, name: 'query', description: 'Words to look for in titles and abstracts' },
      { ...person, name: 'author', description: 'Only papers by this watched person' },
      {
        type: Option.String,
        name: 'since',
        description: 'Only papers since a year or month (2024, 2024-05)',
      },
      { type: Option.Integer, name: 'page', description: 'Page of results', min_value: 1 },
    ],
  },
  {
    name: 'talks',
    description: 'Upcoming talks of the people this server watches',
    options: [{ type: Option.String, name: 'query', description: 'Words to look for in talk titles' }],
  },
  {
    name: 'watch',
    description: 'Manage the people this server watches',
    default_member_permissions: ADMIN_PERMISSIONS,
    options: [
      {
        type: Option.Subcommand,
        name: 'add',
        description: 'Watch a person',
        options: [
          {
            type: Option.String,
            name: 'name',
            description: 'Full name, e.g. Alessandro Favero',
            required: true,
          },
          { type: Option.String, name: 'arxiv-author-id', description: 'arXiv author id, e.g. favero_a_1' },
          { type: Option.String, name: 'orcid', description: 'ORCID, e.g. 0000-0002-1825-0097' },
          { type: Option.String, name: 'dblp-pid', description: 'DBLP person id, e.g. 34/7659' },
          { type: Option.String, name: 'openalex-id', description: 'OpenAlex author id, e.g. A5023888391' },
          { type: Option.String, name: 'inspire-id', description: 'INSPIRE author id, e.g. E.Witten.1' },
        ],
      },
      {
        type: Option.Subcommand,
        name: 'remove',
        description: 'Stop watching a person',
        options: [{ ...person, name: 'id', description: 'The person', required: true }],
      },
      { type: Option.Subcommand, name: 'list', description: 'List the watched people' },
    ],
  },
  {
    name: 'feed',
    description: 'Manage the paper and talk feeds',
    default_member_permissions: ADMIN_PERMISSIONS,
    options: [
      {
        type: Option.Subcommand,
        name: 'add',
        description: 'Follow an RSS, Atom or iCalendar feed',
        options: [
          { type: Option.String, name: 'url', description: 'Feed URL (http or https)', required: true },
          {
            type: Option.String,
            name: 'kind',
            description: 'What the feed lists',
            required: true,
            choices: [
              { name: 'paper', value: 'paper' },
              { name: 'talk', value: 'talk' },
            ],
          },
        ],
      },
      {
        type: Option.Subcommand,
        name: 'remove',
        description: 'Stop following a feed',
        options: [{ ...feed, name: 'id', description: 'The feed', required: true }],
      },
      {
        type: Option.Subcommand,
        name: 'resume',
        description: 'Resume a paused feed',
        options: [{ ...feed, name: 'id', description: 'The feed', required: true }],
      },
      { type: Option.Subcommand, name: 'list', description: 'List the feeds and their state' },
    ],
  },
  {
    name: 'status',
    description: 'Sources, last polls, failures and pending deliveries',
    default_member_permissions: ADMIN_PERMISSIONS,
  },
  {
    name: 'follow',
    description: 'Get a direct message for each new paper or talk of a person, keyword or talk series',
    options: [
      {
        type: Option.String,
        name: 'target',
        description: 'A watched person, keyword:<words> or talk-series:<feed id>',
        autocomplete: true,
      },
      {
        type: Option.String,
        name: 'digest',
        description: 'One weekly digest instead of a message each time',
        choices: [
          { name: 'weekly', value: 'weekly' },
          { name: 'off', value: 'off' },
        ],
      },
    ],
  },
  {
    name: 'unfollow',
    description: 'Stop following a person, keyword or talk series',
    options: [
      {
        type: Option.String,
        name: 'target',
        description: 'What to stop following, or all',
        required: true,
        autocomplete: true,
      },
      { type: Option.User, name: 'member', description: "Admins: another member's follows" },
    ],
  },
  {
    name: 'following',
    description: 'What you follow',
    options: [{ type: Option.User, name: 'member', description: "Admins: another member's follows" }],
  },
  {
    name: 'channel',
    description: 'Settings of this channel',
    default_member_permissions: ADMIN_PERMISSIONS,
    options: [
      {
        type: Option.Subcommand,
        name: 'digest',
        description: 'A daily or weekly digest here instead of each announcement, or off',
        options: [
          {
            type: Option.String,
            name: 'every',
            description: 'How often',
            required: true,
            choices: [
              { name: 'daily', value: 'daily' },
              { name: 'weekly', value: 'weekly' },
              { name: 'off', value: 'off' },
            ],
          },
        ],
      },
    ],
  },
  {
    name: 'sources',
    description: 'Every source polled: state, last success, last error, next poll',
    default_member_permissions: ADMIN_PERMISSIONS,
  },
  {
    name: 'source',
    description: 'Act on one source (arXiv, an author feed, a feed, a scholarly source)',
    default_member_permissions: ADMIN_PERMISSIONS,
    options: [
      {
        type: Option.Subcommand,
        name: 'resume',
        description: 'Resume a source paused after failures',
        options: [{ ...source, name: 'id', description: 'The source, as /sources shows it', required: true }],
      },
    ],
  },
  {
    name: 'explain',
    description: 'Why a paper or talk was, or was not, announced in each channel',
    default_member_permissions: ADMIN_PERMISSIONS,
    options: [
      {
        type: Option.String,
        name: 'id',
        description: 'arXiv id, DOI, URL or record id',
        required: true,
      },
    ],
  },
];

/**
 * The definitions for a scope. Global commands say where they may run (guilds only); guild commands
 * cannot carry `contexts`, and Discord would answer with null and make them look changed forever.
 */
export function commandDefinitions(guildId: string | undefined): CommandDefinition[] {
  if (guildId) return SLASH_COMMANDS.map((command) => ({ ...command }));
  return SLASH_COMMANDS.map((command) => ({
    ...command,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
}

export type SyncResult = 'registered' | 'unchanged';

/** Registers the commands in the guild when given, else globally, unless Discord already has them. */
export async function syncSlashCommands(
  rest: REST,
  options: { applicationId: string; guildId?: string; logger: Logger },
): Promise<SyncResult> {
  const { applicationId, guildId, logger } = options;
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const wanted = commandDefinitions(guildId);
  const registered = (await rest.get(route)) as unknown[];
  const scope = guildId ? `guild ${guildId}` : 'global';
  if (sameCommands(wanted, registered)) {
    logger.info({ scope }, 'commands unchanged');
    return 'unchanged';
  }
  await rest.put(route, { body: wanted });
  logger.info({ scope, count: wanted.length }, 'commands registered');
  return 'registered';
}

/**
 * True when Discord's copy matches ours in every field we set. Discord adds ids, versions and
 * defaults of its own (e.g. `integration_types` on guild commands), so fields we leave out are not
 * compared.
 */
export function sameCommands(wanted: readonly unknown[], registered: readonly unknown[]): boolean {
  if (wanted.length !== registered.length) return false;
  return (wanted as Loose[]).every((ours) => {
    const theirs = (registered as Loose[]).find((command) => command.name === ours.name);
    return (
      theirs !== undefined &&
      JSON.stringify(comparable(theirs, ours)) === JSON.stringify(comparable(ours, ours))
    );
  });
}

type Loose = Record<string, unknown> & { options?: Loose[]; choices?: Loose[] };

function comparable(command: Loose, reference: Loose) {
  return {
    name: command.name,
    type: command.type ?? 1,
    description: command.description ?? '',
    default_member_permissions: command.default_member_permissions ?? null,
    contexts: reference.contexts === undefined ? 'unset' : (command.contexts ?? null),
    integration_types:
      reference.integration_types === undefined ? 'unset' : (command.integration_types ?? null),
    options: (command.options ?? []).map(comparableOption),
  };
}

function comparableOption(option: Loose): unknown {
  return {
    type: option.type,
    name: option.name,
    description: option.description ?? '',
    required: option.required ?? false,
    autocomplete: option.autocomplete ?? false,
    min_value: option.min_value ?? null,
    max_value: option.max_value ?? null,
    choices: (option.choices ?? []).map((choice) => ({ name: choice.name, value: choice.value })),
    options: (option.options ?? []).map(comparableOption),
  };
}

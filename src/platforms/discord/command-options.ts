/**
 * The options of a slash command or autocomplete interaction, read from Discord's raw
 * `data.options` tree: a subcommand (inside its group, if any) holds the options the user filled
 * in. Gives the OptionReader command-request.ts maps from, and the option being typed, for
 * autocomplete. An option of another type than asked for reads as absent.
 */
import {
  type APIApplicationCommandInteractionDataBasicOption as BasicOption,
  type APIApplicationCommandInteractionDataOption as DataOption,
  ApplicationCommandOptionType as Type,
} from 'discord-api-types/v10';
import type { OptionReader } from './command-request.js';

/** The option being typed in an autocomplete request: its name and what was typed so far. */
export interface FocusedOption {
  name: string;
  value: string;
}

export interface CommandOptions extends OptionReader {
  focused(): FocusedOption | undefined;
}

export function commandOptions(tree: readonly DataOption[] | undefined): CommandOptions {
  const { subcommand, leaves } = flatten(tree ?? []);
  const leaf = <T extends Type>(name: string, type: T) =>
    leaves.find(
      (option): option is Extract<BasicOption, { type: T }> => option.name === name && option.type === type,
    );
  return {
    getSubcommand: () => subcommand,
    getString: (name) => leaf(name, Type.String)?.value ?? null,
    getInteger: (name) => {
      const value = leaf(name, Type.Integer)?.value;
      return typeof value === 'number' ? value : null;
    },
    getUser: (name) => {
      const id = leaf(name, Type.User)?.value;
      return id ? { id } : null;
    },
    focused: () => {
      const option = leaves.find((candidate) => 'focused' in candidate && candidate.focused);
      return option ? { name: option.name, value: String(option.value) } : undefined;
    },
  };
}

function isBasic(option: DataOption): option is BasicOption {
  return option.type !== Type.Subcommand && option.type !== Type.SubcommandGroup;
}

/** The subcommand named, if any, and the options the user filled in (those inside it). */
function flatten(tree: readonly DataOption[]): { subcommand: string | null; leaves: BasicOption[] } {
  for (const option of tree) {
    if (option.type === Type.SubcommandGroup) return flatten(option.options);
    if (option.type === Type.Subcommand) return { subcommand: option.name, leaves: option.options ?? [] };
  }
  return { subcommand: null, leaves: tree.filter(isBasic) };
}

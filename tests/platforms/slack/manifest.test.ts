import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commandNameOf, SLASH_COMMANDS } from '../../../src/platforms/slack/slash-commands.js';

interface Manifest {
  features: { slash_commands: { command: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean };
}

describe('slack/manifest.yaml', () => {
  const manifest = parse(
    readFileSync(new URL('../../../slack/manifest.yaml', import.meta.url), 'utf8'),
  ) as Manifest;

  it('declares exactly the commands the app answers', () => {
    const declared = manifest.features.slash_commands.map((entry) => entry.command);
    expect(declared.map(commandNameOf)).toEqual([...SLASH_COMMANDS]);
    expect(commandNameOf('/herald-status')).toBe('status');
    expect(commandNameOf('/unknown')).toBeUndefined();
  });

  it('asks for the scopes posting, commands, the admin check, the marker lookup and direct messages need', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'chat:write',
        'commands',
        'users:read',
        'channels:history',
        'groups:history',
        'im:write',
        'im:history',
      ]),
    );
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});

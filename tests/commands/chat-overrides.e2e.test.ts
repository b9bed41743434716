/**
 * Issue 13, problem 6: a person or feed removed in chat could not come back by editing the YAML,
 * while `herald check` still counted the file's entries. The newest edit wins: a chat removal
 * lasts until the file edits that entry, and `herald check` lists the chat changes in force.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { refusedUrl } from '../support/unreachable.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
/** `watch add` previews arXiv: here nothing listens, so the preview says it could not look. */
let arxiv: string;
const cli = (...args: string[]) =>
  runCli([...args, '--config', workspace.configPath], { DATA_DIR: workspace.dataDir, ARXIV_API_URL: arxiv });
const people = async () =>
  JSON.parse((await cli('watch', 'list', '--json')).stdout).map((p: { id: string }) => p.id);

function config(faveroAliases: string): Promise<void> {
  return workspace.writeConfig(`
people:
  - { id: favero, name: Alessandro Favero, aliases: ${faveroAliases} }
  - { id: wyart, name: Matthieu Wyart }
feeds:
  - { id: blog, url: "https://lab.example/feed.xml", kind: paper }
`);
}

beforeAll(async () => {
  workspace = await createWorkspace();
  arxiv = await refusedUrl('http', '/api/query');
  await config('[]');
});
afterAll(() => workspace.remove());

describe('chat changes and the config file', () => {
  it('herald check reads nothing when there is no store yet', async () => {
    const check = await cli('check');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).not.toContain('Chat changes');
  });

  it('herald check lists what chat removed, added or replaced', async () => {
    expect((await cli('watch', 'remove', 'favero')).code).toBe(0);
    expect((await cli('watch', 'add', 'Ada', 'Lovelace')).code).toBe(0);
    expect((await cli('feed', 'remove', 'blog')).code).toBe(0);
    const check = await cli('check');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('OK (2 people, 1 feeds, 0 channels)');
    expect(check.stdout).toContain('Chat changes layered over this file (in effect: 2 people, 0 feeds):');
    expect(check.stdout).toMatch(
      /feed blog: removed in chat by console:\S+ on \d{4}-\d\d-\d\d; hidden until its entry in this file changes/,
    );
    expect(check.stdout).toMatch(
      /person favero: removed in chat by console:\S+ on .*; hidden until its entry in this file changes/,
    );
    expect(check.stdout).toMatch(/person lovelace: added in chat by console:\S+ on .*; not in this file/);
    expect(await people()).toEqual(['wyart', 'lovelace']);
  });

  it('a removed person comes back when the file edits their entry, and stays', async () => {
    await config('["A. Favero"]');
    expect(await people()).toEqual(['favero', 'wyart', 'lovelace']);
    const check = await cli('check');
    expect(check.stdout).not.toContain('person favero');
    expect(check.stdout).toContain('feed blog: removed in chat');
    await config('[]');
    expect(await people()).toEqual(['favero', 'wyart', 'lovelace']);
  });
});

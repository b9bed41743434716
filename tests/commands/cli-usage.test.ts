/**
 * One policy for the whole command line: a usage error (unknown command or option, a bad choice,
 * a missing or bad argument, a `--now` that is not ISO 8601) exits 2 naming the flag or argument
 * in the CLI's own terms, before anything is opened; a command that ran and failed exits 1.
 * Runs the real `herald` command.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { type CliResult, runCli } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
let env: Record<string, string>;

beforeAll(async () => {
  workspace = await createWorkspace();
  await workspace.writeConfig('people:\n  - id: favero\n    name: Alessandro Favero\n');
  env = {
    HERALD_CONFIG: workspace.configPath,
    DATA_DIR: workspace.dataDir,
    LOG_LEVEL: 'error',
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    ARXIV_AUTHOR_FEED_URL: 'http://127.0.0.1:9/a/',
  };
});
afterAll(() => workspace.remove());

const herald = (...args: string[]): Promise<CliResult> => runCli(args, env);

/** Each bad command line, with what stderr must say (the flag or argument named). */
const usageErrors: [string[], RegExp[]][] = [
  [[], [/Usage: herald/]],
  [['--bogus'], [/unknown option '--bogus'/]],
  [['chek'], [/unknown command 'chek'/, /check/]],
  [
    ['check', '--cofig', 'x'],
    [/unknown option '--cofig'/, /--config/],
  ],
  [['check', 'extra'], [/too many arguments/]],
  [
    ['run', '--output', 'json'],
    [/'--output <format>'/, /'json'/, /console, jsonl/],
  ],
  [['run', '--config'], [/'-c, --config <file>' argument missing/]],
  [['run', '--bogus'], [/unknown option '--bogus'/]],
  [
    ['papers', '--page', 'x'],
    [/'--page <n>'/, /'x'/, /page number/],
  ],
  [['papers', '--page', '0'], [/'--page <n>'/]],
  [
    ['papers', '--since', 'yesterday'],
    [/'--since <date>'/, /2024-05-17/],
  ],
  [['papers', '--since', '2024-02-30'], [/'--since <date>'/]],
  [['papers', '--author'], [/'--author <name>' argument missing/]],
  [['papers', '--author', ' '], [/'--author <name>'/]],
  [['papers', 'diffusion', 'since:yesterday'], [/since:yesterday is not a date/]],
  [['papers', 'diffusion', 'type:poster'], [/type:poster/]],
  [['papers', 'x'.repeat(201)], [/the query is 201 characters long/]],
  [['talks', '--page', '2'], [/unknown option '--page'/]],
  [['watch'], [/Usage: herald watch/, /add/]],
  [['watch', 'frobnicate'], [/unknown command 'frobnicate'/]],
  [['watch', 'add'], [/missing required argument 'name'/]],
  [
    ['watch', 'add', 'Al'],
    [/<name>/, /"Al" is not a full name/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', '--arxiv', 'not an id!'],
    [/'--arxiv <id>'/, /not an arXiv author id/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', '--arxiv', '0000-0002-1825-0097'],
    [/'--arxiv <id>'/, /is an ORCID/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', '--orcid', '0000-0002-1825-0098'],
    [/'--orcid <orcid>'/, /check digit/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', '--orcid', '1234'],
    [/'--orcid <orcid>'/, /not an ORCID/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', 'arxiv:poe_m_1'],
    [/<name>/, /give the id with --arxiv/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', 'poe_m_1'],
    [/<name>/, /give the id with --arxiv/],
  ],
  [
    ['watch', 'add', 'Mary', 'Poe', '0000-0002-1825-0097'],
    [/<name>/, /give the id with --orcid/],
  ],
  [['watch', 'remove'], [/missing required argument 'id'/]],
  [['watch', 'remove', 'a', 'b'], [/too many arguments/]],
  [['watch', 'list', 'x'], [/too many arguments/]],
  [['feed'], [/Usage: herald feed/]],
  [['feed', 'add'], [/missing required argument 'url'/]],
  [['feed', 'add', 'https://example.org/feed.xml'], [/missing required argument 'kind'/]],
  [
    ['feed', 'add', 'https://example.org/feed.xml', 'poster'],
    [/argument 'kind'/, /paper, talk/],
  ],
  [
    ['feed', 'add', 'example.org/feed', 'paper'],
    [/argument 'url'/, /not an http:\/\/ or https:\/\/ URL/],
  ],
  [['feed', 'remove'], [/missing required argument 'id'/]],
  [['feed', 'resume'], [/missing required argument 'id'/]],
  [['feed', 'list', 'x'], [/too many arguments/]],
  [['status', 'x'], [/too many arguments/]],
  [['sources', 'x'], [/too many arguments/]],
  [['sources', '--bogus'], [/unknown option '--bogus'/]],
  [['source'], [/Usage: herald source/, /resume/]],
  [['source', 'pause', 'arxiv'], [/unknown command 'pause'/]],
  [['source', 'resume'], [/missing required argument 'id'/]],
  [['source', 'resume', 'a', 'b'], [/too many arguments/]],
  [['explain'], [/missing required argument 'id'/]],
  [
    ['explain', ' '],
    [/argument 'id'/, /empty/],
  ],
  [['explain', 'a', 'b'], [/too many arguments/]],
  [['test-post'], [/missing required argument 'channel'/]],
  [['test-post', 'lab', 'other'], [/too many arguments/]],
  [['reindex', '--bogus'], [/unknown option '--bogus'/]],
  [
    ['migrate', '--from', 'sqlite:a.sqlite', '--to', 'sqlite:b.sqlite', '--bogus'],
    [/unknown option '--bogus'/],
  ],
  [['migrate', '--to', 'sqlite:x.sqlite'], [/--from/]],
  [['follow'], [/Usage: herald follow/, /add/]],
  [['follow', 'add', 'favero'], [/missing option --user/]],
  [['follow', 'add', '--user', 'discord:1234567'], [/missing argument <target...> \(or --digest\)/]],
  [
    ['follow', 'add', '--user', 'discord:12', 'favero'],
    [/'--user <platform:id>'/, /discord:123456789012345678 or slack:U012AB3CD/],
  ],
  [['follow', 'add', '--user', 'teams:U1', 'favero'], [/'--user <platform:id>'/]],
  [['follow', 'add', '--user', 'slack:U0123', 'keyword:'], [/argument <target...>: keyword: is empty/]],
  [
    ['follow', 'add', '--user', 'slack:U0123', `keyword:${'x'.repeat(101)}`],
    [/keyword: is 101 characters long; at most 100/],
  ],
  [
    ['follow', 'add', '--user', 'slack:U0123', 'favero', '--digest', 'daily'],
    [/option --digest: "daily" is not weekly or off/],
  ],
  [['follow', 'remove', '--user', 'slack:U0123'], [/missing required argument 'target'/]],
  [['follows', 'x'], [/too many arguments/]],
];

/** `--now` takes an instant in ISO 8601 with its offset, nothing else. */
const badInstants = [
  '1',
  'March 3',
  '12/01/2026',
  '2026-12-01',
  '2026-12-01T09:00',
  '2026-02-30T09:00Z',
  '2026-12-01T25:00Z',
  'now',
];

describe('usage errors exit 2, naming what was wrong, and open nothing', () => {
  it.each(usageErrors)('herald %j', async (args, patterns) => {
    const run = await herald(...args);
    expect(run.code, run.stderr).toBe(2);
    for (const pattern of patterns) expect(run.stderr).toMatch(pattern);
    expect(run.stdout).toBe('');
    // The chat-command syntax is not the command line's: no `arxiv:`, no `/watch ...` usage.
    expect(run.stderr).not.toMatch(/Usage: \/|\[arxiv:|\[orcid:/);
    expect(existsSync(workspace.dataDir)).toBe(false);
  });

  it.each(badInstants)('herald run --now %j', async (value) => {
    const run = await herald('run', '--once', '--now', value);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/'--now <iso>'/);
    expect(run.stderr).toContain('2026-12-01T09:00:00Z');
    expect(existsSync(workspace.dataDir)).toBe(false);
  });
});

describe('what is not a usage error', () => {
  it('--version and --help exit 0', async () => {
    const version = await herald('--version');
    expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await herald('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: herald/);
    const watchHelp = await herald('watch', 'add', '--help');
    expect(watchHelp.code).toBe(0);
    expect(watchHelp.stdout).toMatch(/--arxiv <id>/);
  });

  it('a well-formed command that cannot be done exits 1, in the command line terms', async () => {
    const run = await herald('watch', 'remove', 'nobody');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('herald watch remove: no watched person has the id "nobody" (known: favero)\n');
  });

  it('an invalid config exits 2 with the problem', async () => {
    const run = await runCli(['status'], { ...env, HERALD_CONFIG: `${workspace.dir}/missing.yaml` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yaml');
  });
});

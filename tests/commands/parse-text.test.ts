import { describe, expect, it } from 'vitest';
import { CommandArgumentError, parseCommandText, tokenize } from '../../src/commands/parse-text.js';

function syntaxError(run: () => unknown): CommandArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CommandArgumentError);
    return error as CommandArgumentError;
  }
  throw new Error('expected a CommandArgumentError');
}

describe('tokenize', () => {
  it('keeps quoted phrases together, quotes normalised', () => {
    expect(tokenize('  "score based"  models “neural tangent” ')).toEqual([
      '"score based"',
      'models',
      '"neural tangent"',
    ]);
  });

  it('closes an unclosed quote at the end', () => {
    expect(tokenize('"open phrase')).toEqual(['"open phrase"']);
  });
});

describe('/papers', () => {
  it('takes inline filters out of the query', () => {
    expect(parseCommandText('papers', 'diffusion models author:favero since:2024 page:2')).toEqual({
      name: 'papers',
      query: 'diffusion models',
      author: 'favero',
      since: '2024',
      page: 2,
    });
  });

  it('keeps quoted phrases and type:talk in the query, reads quoted filter values', () => {
    expect(parseCommandText('papers', '"task arithmetic" type:talk Author:"Alessandro Favero"')).toEqual({
      name: 'papers',
      query: '"task arithmetic" type:talk',
      author: 'Alessandro Favero',
    });
  });

  it('allows an empty query (newest papers)', () => {
    expect(parseCommandText('papers', '   ')).toEqual({ name: 'papers', query: '' });
  });

  it('refuses a filter without a value, given twice, or a page that is no number', () => {
    expect(syntaxError(() => parseCommandText('papers', 'author:')).message).toMatch(/author: needs a value/);
    expect(syntaxError(() => parseCommandText('papers', 'since:2020 since:2021')).message).toMatch(/twice/);
    const page = syntaxError(() => parseCommandText('papers', 'x page:two'));
    expect(page.code).toBe('COMMAND_ARGUMENT');
    expect(page.message).toMatch(/page:two/);
    expect(page.message).toContain('Usage: /papers');
  });
});

describe('/talks', () => {
  it('has an optional query', () => {
    expect(parseCommandText('talks', '')).toEqual({ name: 'talks' });
    expect(parseCommandText('talks', 'scaling laws')).toEqual({ name: 'talks', query: 'scaling laws' });
  });
});

describe('/watch', () => {
  it('adds a person by name with prefixed ids', () => {
    expect(
      parseCommandText('watch', 'add Alessandro Favero arxiv:favero_a_1 orcid:0000-0002-1825-009x'),
    ).toEqual({
      name: 'watch',
      action: 'add',
      personName: 'Alessandro Favero',
      arxivAuthorId: 'favero_a_1',
      orcid: '0000-0002-1825-009X',
    });
  });

  it('recognises ids without prefix, and an ORCID URL, anywhere among the name words', () => {
    expect(parseCommandText('watch', 'ADD favero_a_1 Alessandro 0000-0002-1825-0097 Favero')).toEqual({
      name: 'watch',
      action: 'add',
      personName: 'Alessandro Favero',
      arxivAuthorId: 'favero_a_1',
      orcid: '0000-0002-1825-0097',
    });
    expect(parseCommandText('watch', 'add "Matthieu Wyart" https://orcid.org/0000-0002-1825-0097')).toEqual({
      name: 'watch',
      action: 'add',
      personName: 'Matthieu Wyart',
      orcid: '0000-0002-1825-0097',
    });
  });

  it('removes and lists', () => {
    expect(parseCommandText('watch', 'remove favero')).toEqual({
      name: 'watch',
      action: 'remove',
      id: 'favero',
    });
    expect(parseCommandText('watch', 'list')).toEqual({ name: 'watch', action: 'list' });
  });

  it('refuses a missing or unknown subcommand, a missing name or id, extra words', () => {
    expect(syntaxError(() => parseCommandText('watch', '')).message).toMatch(
      /needs one of: add, remove, list/,
    );
    expect(syntaxError(() => parseCommandText('watch', 'follow x')).message).toMatch(
      /unknown subcommand "follow"/,
    );
    expect(syntaxError(() => parseCommandText('watch', 'add favero_a_1')).message).toMatch(/needs the name/);
    expect(syntaxError(() => parseCommandText('watch', 'add A B orcid:')).message).toMatch(
      /ORCID: needs a value/,
    );
    expect(syntaxError(() => parseCommandText('watch', 'add A B x_y_1 arxiv:z_1')).message).toMatch(
      /more than one arXiv author id/,
    );
    expect(syntaxError(() => parseCommandText('watch', 'remove')).message).toMatch(/watch remove needs <id>/);
    expect(syntaxError(() => parseCommandText('watch', 'remove a b')).message).toMatch(/unexpected "b"/);
    const extra = syntaxError(() => parseCommandText('watch', 'list all'));
    expect(extra.message).toContain('Usage: /watch add <name>');
  });
});

describe('/feed', () => {
  it('adds, removes, resumes and lists', () => {
    expect(parseCommandText('feed', 'add https://example.org/feed.xml Talk')).toEqual({
      name: 'feed',
      action: 'add',
      url: 'https://example.org/feed.xml',
      kind: 'talk',
    });
    expect(parseCommandText('feed', 'remove seminars')).toEqual({
      name: 'feed',
      action: 'remove',
      id: 'seminars',
    });
    expect(parseCommandText('feed', 'Resume seminars')).toEqual({
      name: 'feed',
      action: 'resume',
      id: 'seminars',
    });
    expect(parseCommandText('feed', 'list')).toEqual({ name: 'feed', action: 'list' });
  });

  it('leaves the kind and URL to the command service to validate', () => {
    expect(parseCommandText('feed', 'add not-a-url video')).toMatchObject({
      url: 'not-a-url',
      kind: 'video',
    });
  });

  it('refuses missing arguments and unknown subcommands', () => {
    expect(syntaxError(() => parseCommandText('feed', 'add')).message).toMatch(/needs the URL/);
    expect(syntaxError(() => parseCommandText('feed', 'add https://e.org/f')).message).toMatch(
      /paper or talk/,
    );
    expect(syntaxError(() => parseCommandText('feed', 'add https://e.org/f paper x')).message).toMatch(/"x"/);
    expect(syntaxError(() => parseCommandText('feed', 'resume')).message).toMatch(/feed resume needs <id>/);
    expect(syntaxError(() => parseCommandText('feed', 'pause x')).message).toMatch(
      /unknown subcommand "pause"/,
    );
  });
});

describe('/status', () => {
  it('takes no arguments', () => {
    expect(parseCommandText('status', '')).toEqual({ name: 'status' });
    expect(syntaxError(() => parseCommandText('status', 'now')).message).toBe(
      'unexpected "now". Usage: /status',
    );
  });
});

describe('/follow, /unfollow, /following, /channel', () => {
  it('reads the target as the rest of the text, with its options anywhere', () => {
    expect(parseCommandText('follow', 'Alessandro Favero')).toEqual({
      name: 'follow',
      target: 'Alessandro Favero',
    });
    expect(parseCommandText('follow', 'keyword:"diffusion models" digest:weekly')).toEqual({
      name: 'follow',
      target: 'keyword:diffusion models',
      digest: 'weekly',
    });
    expect(parseCommandText('follow', 'digest:off')).toEqual({ name: 'follow', digest: 'off' });
    expect(parseCommandText('unfollow', 'all member:<@U0ABC|bob>')).toEqual({
      name: 'unfollow',
      target: 'all',
      member: { userId: 'U0ABC' },
    });
    expect(parseCommandText('following', '')).toEqual({ name: 'following' });
    expect(parseCommandText('channel', 'digest Weekly')).toEqual({
      name: 'channel',
      action: 'digest',
      every: 'weekly',
    });
  });

  it('says what is missing or wrong', () => {
    expect(syntaxError(() => parseCommandText('follow', '')).problem).toBe(
      'follow needs a person, keyword:<words> or talk-series:<feed id>',
    );
    expect(syntaxError(() => parseCommandText('follow', 'favero digest:daily')).problem).toBe(
      'digest:daily is not weekly or off',
    );
    expect(syntaxError(() => parseCommandText('unfollow', 'all member:bob')).problem).toContain(
      'member:bob is not a member',
    );
    expect(syntaxError(() => parseCommandText('following', 'favero')).problem).toBe('unexpected "favero"');
    expect(syntaxError(() => parseCommandText('channel', 'digest monthly')).problem).toBe(
      'channel digest needs daily, weekly or off, not "monthly"',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  arxivAuthorTerm,
  matchPeople,
  matchPeopleInText,
  parseName,
  personMatcher,
} from '../../src/records/person-names.js';

const favero = personMatcher({ id: 'favero', name: 'Alessandro Favero', aliases: ['A. Favero'] });
const delMaestro = personMatcher({ id: 'delmaestro', name: 'Adrian Del Maestro' });
const levi = personMatcher({ id: 'levi', name: 'Noam Itzhak Levi' });
const matchers = [favero, delMaestro, levi];

describe('matching printed names to watched people', () => {
  it.each([
    'Alessandro Favero',
    'A. Favero',
    'A Favero',
    'Favero, Alessandro',
    'Favero*, A.',
    'Favero, A.',
    'ALESSANDRO FAVERO',
    'Alessandro Favero†',
    'Alessandro  Favero ',
  ])('"%s" is Alessandro Favero', (name) => {
    expect(matchPeople([name], matchers)).toEqual(['favero']);
  });

  it.each([
    'Andrea Favero',
    'Alessandro Faverotti',
    'Favero',
    'Alessandra Faverio',
    'Marco Alessandro',
    'B. Favero',
  ])('"%s" is nobody watched', (name) => {
    expect(matchPeople([name], matchers)).toEqual([]);
  });

  it('handles diacritics, particles and middle names', () => {
    expect(matchPeople(['Adrián Del Maestro'], matchers)).toEqual(['delmaestro']);
    expect(matchPeople(['A. Del Maestro'], matchers)).toEqual(['delmaestro']);
    expect(matchPeople(['Del Maestro, Adrian'], matchers)).toEqual(['delmaestro']);
    expect(matchPeople(['Noam Levi'], matchers)).toEqual(['levi']);
    expect(matchPeople(['N. I. Levi'], matchers)).toEqual(['levi']);
    expect(matchPeople(['Levi*, N. I.'], matchers)).toEqual(['levi']);
    expect(matchPeople(['Noam Jacob Levi'], matchers)).toEqual([]);
  });

  it('finds every watched author in a list, once', () => {
    expect(
      matchPeople(['Antonio Sclocchi', 'A. Favero', 'Alessandro Favero', 'Noam Itzhak Levi'], matchers),
    ).toEqual(['favero', 'levi']);
  });

  it('matches names in free text for items without authors, not substrings', () => {
    expect(matchPeopleInText('New preprint with Alessandro Favero on diffusion', matchers)).toEqual([
      'favero',
    ]);
    expect(matchPeopleInText('Talk by A. Favero (Cambridge)', matchers)).toEqual(['favero']);
    expect(matchPeopleInText('Alessandro Faverotti wins a prize', matchers)).toEqual([]);
    expect(matchPeopleInText('Andrea Favero on cold atoms', matchers)).toEqual([]);
  });

  it('parses "Last, First" and plain forms the same way', () => {
    expect(parseName('Favero*, A.')).toMatchObject({ given: ['a'], surname: ['favero'] });
    expect(parseName('Umberto M. Tomasini')).toMatchObject({
      given: ['umberto', 'm'],
      surname: ['tomasini'],
    });
    expect(parseName('Jean-Pierre Bouchaud')).toMatchObject({
      given: ['jean', 'pierre'],
      surname: ['bouchaud'],
    });
  });

  it('keeps a hyphenated surname whole, and splits hyphenated given names into initials', () => {
    const ortiz = personMatcher({ id: 'ortiz', name: 'Guillermo Ortiz-Jimenez' });
    expect(
      matchPeople(['G. Ortiz-Jimenez', 'Guillermo Ortiz Jimenez', 'Ortiz-Jiménez, G.'], [ortiz]),
    ).toEqual(['ortiz']);
    expect(matchPeople(['Guillermo Jimenez'], [ortiz])).toEqual([]);
    const bouchaud = personMatcher({ id: 'jpb', name: 'Jean-Pierre Bouchaud' });
    expect(matchPeople(['J.-P. Bouchaud'], [bouchaud])).toEqual(['jpb']);
  });

  it('builds the arXiv au: term from surname and first initial', () => {
    expect(arxivAuthorTerm(parseName('Alessandro Favero')!)).toBe('favero_a');
    expect(arxivAuthorTerm(parseName('Adrian Del Maestro')!)).toBe('del_maestro_a');
    expect(arxivAuthorTerm(parseName('Guillermo Ortiz-Jimenez')!)).toBe('ortiz_jimenez_g');
  });
});

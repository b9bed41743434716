import { describe, expect, it } from 'vitest';
import { speakerHints } from '../../../src/sources/calendars/index.js';

describe('speakerHints', () => {
  it.each([
    ['Speaker: Dr. Shuai Wang\nAffiliation: PG Coordinator', ['Shuai Wang']],
    [
      'Speakers: Jane Doe (MIT), John Smith and Maria de la Cruz',
      ['Jane Doe', 'John Smith', 'Maria de la Cruz'],
    ],
    ['Speaker: Prof. Abdelsalam (Sumi) Helal', ['Abdelsalam Helal']],
    ['Presented by Ana García (CSIC)', ['Ana García']],
    ['Title: Random features\nby Florent Krzakala (EPFL) as part of Physics meets ML', ['Florent Krzakala']],
    ['Speaker: Haider Mejbel, MD Assistant Professor', ['Haider Mejbel']],
    ['Speaker and title to be announced.', []],
    ['Speakers: see the seminar page', []],
    ['Speaker: TBA', []],
  ])('finds the labelled speakers in %j', (description, expected) => {
    expect(speakerHints('', description)).toEqual(expected);
  });

  it.each([
    ['Wenwen Hou: Reshaping Reasoning in LLMs: A Theoretical Analysis', ['Wenwen Hou']],
    ['Seminar: Gaofei Shen – Representational Differences Explanations', ['Gaofei Shen']],
    ['Incentives and Computation: Jason Hartline (Northwestern)', ['Jason Hartline']],
    ['[GMB Seminar] Roy Mulpur — All gas no brakes', ['Roy Mulpur']],
    ['Condensed Matter Seminar - Jane Smith', ['Jane Smith']],
    ['Lina Yao, University of New South Wales', ['Lina Yao']],
    ['Science-IT RSE Support: Research Software Engineering Support at Aalto', []],
    ['Incentives and Computation: speaker to be announced', []],
  ])('finds the speaker in the title %j', (title, expected) => {
    expect(speakerHints(title, '')).toEqual(expected);
  });

  it('takes a bare title as a name only where asked (seminar feeds, not calendars)', () => {
    expect(speakerHints('Andrew Haigh', '')).toEqual([]);
    expect(speakerHints('Andrew Haigh', '', { bareTitleMayBeName: true })).toEqual(['Andrew Haigh']);
    expect(speakerHints('Fall 2016', '', { bareTitleMayBeName: true })).toEqual([]);
  });

  it('reads a name in capitals on its own line near the top', () => {
    const description =
      'ICFO Colloquium Series: Statistical Physics\n\nMARC MEZARD\n\nNovember 03, 2025\n\nABSTRACT:\n\nText';
    expect(speakerHints('', description)).toEqual(['Marc Mezard']);
    expect(speakerHints('', "JEAN-PIERRE O'NEIL\nAUDITORIUM")).toEqual(["Jean-Pierre O'Neil"]);
  });

  it('lists each name once, labelled ones first', () => {
    expect(speakerHints('Seminar: Jane Doe - Flat bands', 'Speaker: Jane Doe (UB)\n\nJANE DOE')).toEqual([
      'Jane Doe',
    ]);
  });
});

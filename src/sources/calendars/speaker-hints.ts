/**
 * Names that look like a talk's speaker, found in the shapes listings use: "Speaker: X (Aff)" lines,
 * "Speaker: Title" / "Title - Speaker" / "Series: Speaker (Aff)" summaries, "Name, Affiliation"
 * feed titles, and a name in capitals on a line of its own ("MARC MEZARD"). Recall matters more
 * than precision here: the core keeps only hints that match a watched person.
 */

const LABELLED_LINE =
  /^(?:invited\s+|guest\s+|keynote\s+)?(?:speakers?|speaker\(s\)|presenters?|lecturers?)\s*[:：]\s*(.+)$/i;
/** "Presented by X", and researchseminars.org's "by X (Affiliation) as part of Series". */
const BY_LINE = /^(?:(?:presented|given|talk)\s+)?by\s*:?\s+(.+?)(?:\s+as part of\b.*)?$/i;
const CAPITALS_LINE = /^\p{Lu}[\p{Lu}\p{M}'’.\- ]+$/u;

/** Lower-case words that belong inside names: "Ludwig van Beethoven", "Maria de la Cruz". */
const PARTICLES = wordSet('van von de der den del della di da du la le ten ter dos das bin al el y zu');

/** Words that mark an event, place, institution or job rather than a person. */
const NOT_NAME_WORDS = wordSet(
  `seminar seminars colloquium lecture lectures talk talks workshop meeting series session group lab
  laboratory university universität universite université institute institut department school college
  center centre program programme support team club society conference symposium webinar retreat news
  community abstract room auditorium hall building keynote panel discussion break lunch coffee tba tbd
  online zoom cancelled canceled postponed orientation meetup day week event events calendar professor
  assistant associate lecturer director postdoc student students candidate fellow researcher scientist
  engineer chair dean head host`,
);

/** First words of titles, never of names: "A Theoretical Analysis", "Towards Robust Models". */
const TITLE_OPENERS = wordSet('a an the on in towards toward from beyond why how what when');

/** Endings of abstract nouns ("Explanations", "Analysis", "Dynamics"), rare in surnames. */
const NOUN_ENDING = /(?:tions?|sions?|ments?|ness|ities|ity|ysis|ics|ogy|isms?|ences|ances|ships?)$/i;

const HONORIFICS = /^(?:(?:prof(?:essor)?|dr|mr|mrs|ms|mx|sir|dame|assoc|asst|assistant|associate)\.?\s+)+/i;
const EDGE_PUNCTUATION = /^[\s"'“”‘’«».,:;!?–—-]+|[\s"'“”‘’«».,:;!?–—-]+$/g;

export interface HintOptions {
  /**
   * A title that is nothing but a name counts ("Andrew Haigh"): true for seminar feeds, whose item
   * titles are often the speaker; false for calendars, where "Falsy Values" is a conference.
   */
  bareTitleMayBeName?: boolean;
}

/** Speaker hints from a talk's title and plain-text description, de-duplicated, in order found. */
export function speakerHints(title: string, description: string, options: HintOptions = {}): string[] {
  const found = [
    ...labelledSpeakers(description),
    ...speakersInTitle(title, options),
    ...capitalisedSpeakers(description),
  ];
  const seen = new Set<string>();
  return found.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "Speaker: Dr. Jane Doe (MIT)", "Speakers: A, B and C", "Presented by Jane Doe". */
export function labelledSpeakers(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const value = LABELLED_LINE.exec(line.trim())?.[1] ?? BY_LINE.exec(line.trim())?.[1];
    if (!value) continue;
    const parts = withoutParentheses(value).split(/\s*(?:[,;&/]|\band\b|\bund\b|\bet\b)\s*/i);
    names.push(...parts.map(cleanName).filter(looksLikeName));
  }
  return names;
}

/** Name-like segments of a summary split at ":", " - ", "–", "—", "|", and "Name, Affiliation". */
export function speakersInTitle(title: string, options: HintOptions = {}): string[] {
  const bare = title.replace(/^\s*\[[^\]]*\]\s*/, '');
  const segments = bare.split(/:\s+|\s+-\s+|\s*[–—|]\s*/);
  const names: string[] = [];
  for (const segment of segments) {
    const [beforeComma = '', ...afterComma] = withoutParentheses(segment).split(',');
    const standsAlone = segments.length === 1 && afterComma.length === 0;
    if (standsAlone && !options.bareTitleMayBeName) continue;
    const candidate = cleanName(beforeComma);
    if (looksLikeName(candidate)) names.push(candidate);
  }
  return names;
}

/** A name in capitals on its own line near the top ("MARC MEZARD" -> "Marc Mezard"). */
export function capitalisedSpeakers(text: string): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 8);
  return lines
    .filter((line) => CAPITALS_LINE.test(line))
    .map((line) => cleanName(titleCase(line)))
    .filter(looksLikeName);
}

export function looksLikeName(candidate: string): boolean {
  const words = candidate.split(/\s+/).filter((word) => word !== '');
  if (words.length < 2 || words.length > 6 || TITLE_OPENERS.has(words[0]?.toLowerCase() ?? '')) return false;
  let nameWords = 0;
  for (const word of words) {
    if (NOT_NAME_WORDS.has(word.toLowerCase())) return false;
    if (PARTICLES.has(word)) continue;
    if (!/^\p{Lu}(?:[\p{L}\p{M}'’-]*\p{L}|\.)?$/u.test(word)) return false;
    if (word.length > 6 && NOUN_ENDING.test(word)) return false;
    nameWords += 1;
  }
  // Runs of acronyms ("RSE IT") are not names.
  const acronyms = words.filter(
    (word) => word.length > 1 && word === word.toUpperCase() && /\p{L}{2}/u.test(word),
  );
  return nameWords >= 2 && acronyms.length < nameWords;
}

function cleanName(text: string): string {
  return text.replace(EDGE_PUNCTUATION, '').replace(HONORIFICS, '').replace(/\s+/g, ' ').trim();
}

function withoutParentheses(text: string): string {
  return text
    .replace(/\([^)]*\)?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "JEAN-PIERRE O'NEIL" -> "Jean-Pierre O'Neil". */
function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function wordSet(words: string): Set<string> {
  return new Set(words.split(/\s+/).filter((word) => word !== ''));
}

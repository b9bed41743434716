/**
 * Words as the index's tokenizer (unicode61, diacritics removed) sees them, before stemming.
 * Plain ASCII text, the common case, takes a fast path: Unicode normalisation and property
 * regexes cost several times more, which matters when a rebuild reads 50,000 abstracts.
 */

/** Printable ASCII and ordinary whitespace: no folding needed, simple word pattern. */
const ASCII = /^[ -~\t\n\r]*$/;

/** Lower case, without diacritics. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  return ASCII.test(lower) ? lower : lower.normalize('NFKD').replace(/\p{M}/gu, '');
}

function wordPattern(folded: string): RegExp {
  return ASCII.test(folded) ? /[a-z0-9]+/g : /[\p{L}\p{N}]+/gu;
}

/** Runs of letters and digits, as unicode61 splits them. */
export function splitWords(text: string): string[] {
  const folded = foldText(text);
  return folded.match(wordPattern(folded)) ?? [];
}

const MIN_VOCABULARY_WORD = 3;
const MAX_VOCABULARY_WORD = 40;
/** Words come out of the word patterns, so anything outside printable ASCII is a letter or digit. */
const HAS_LETTER = /[a-z]|[^ -~]/;

/** Calls `visit` with each word worth suggesting: 3 to 40 characters with a letter. */
export function forEachSurfaceWord(text: string, visit: (word: string) => void): void {
  const folded = foldText(text);
  const pattern = wordPattern(folded);
  for (let match = pattern.exec(folded); match; match = pattern.exec(folded)) {
    const word = match[0];
    if (word.length >= MIN_VOCABULARY_WORD && word.length <= MAX_VOCABULARY_WORD && HAS_LETTER.test(word)) {
      visit(word);
    }
  }
}

/**
 * Counts, for each word, the documents using it. One map lookup per word occurrence: each entry
 * remembers the last document that counted it, so repeats within a document are skipped.
 */
export class WordCounter {
  readonly #entries = new Map<string, { docs: number; last: number }>();
  #document = 0;

  add(text: string, sign: 1 | -1 = 1): void {
    const document = ++this.#document;
    forEachSurfaceWord(text, (word) => {
      const entry = this.#entries.get(word);
      if (!entry) this.#entries.set(word, { docs: sign, last: document });
      else if (entry.last !== document) {
        entry.docs += sign;
        entry.last = document;
      }
    });
  }

  /** Word -> change in document count. */
  deltas(): Map<string, number> {
    return new Map([...this.#entries].map(([word, entry]) => [word, entry.docs]));
  }
}

/**
 * How often each scholarly API may be called, from what each service publishes (see README and
 * notes on each): the default time between two requests is the published limit, and a lower value
 * is refused while the source talks to the real service. `maxPages` bounds one poll.
 */
export const SCHOLARLY_DEFAULTS = {
  /** Crossref's list queries: 1 request/s ("public-array" pool, observed); headers may ask for less. */
  crossref: { requestIntervalMs: 1000, maxPages: 5 },
  /** OpenAlex allows 100 requests/s; the daily budget (10,000 list calls) is what counts. */
  openalex: { requestIntervalMs: 100, maxPages: 5 },
  /** INSPIRE: 15 requests in any 5 s window per IP address. */
  inspire: { requestIntervalMs: 350, maxPages: 4 },
  /** bioRxiv publishes no limit: one request a second. */
  biorxiv: { requestIntervalMs: 1000, maxPages: 40 },
  /** NCBI E-utilities: 3 requests/s without an API key (10 with one, see PUBMED_API_KEY). */
  pubmed: { requestIntervalMs: 350, maxPages: 5 },
  /** DBLP publishes no limit and answers 429 to bursts: one request every 6 s. */
  dblp: { requestIntervalMs: 6000, maxPages: 1 },
} as const;

/** PubMed's interval when an API key is set (10 requests/s). */
export const PUBMED_KEYED_INTERVAL_MS = 110;

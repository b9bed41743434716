/**
 * DBLP (computer science): each watched person with a DBLP person id has their person file read
 * (one request per person: DBLP has no query over several people). DBLP publishes no rate limit
 * and answers bursts with 429: requests are kept 6 s apart by default.
 */
import type { PersonConfig } from '../../config/schema.js';
import type { PollContext, PollResult } from '../source.js';
import { dblpWork, parsePersonFile } from './dblp-record.js';
import type { ScholarlyClient } from './scholarly-client.js';
import { pollBatches } from './scholarly-poll.js';
import { ScholarlySource } from './scholarly-source.js';

export const DBLP_SOURCE_ID = 'dblp';

export class DblpSource extends ScholarlySource {
  constructor(
    people: readonly PersonConfig[],
    private readonly client: ScholarlyClient,
    private readonly baseUrl: string,
  ) {
    super({
      id: DBLP_SOURCE_ID,
      people,
      label: (found) => `dblp (${found.length} people by person id)`,
      fingerprint: (found) => [baseUrl, found.map((person) => person.dblpPid)],
    });
  }

  poll(context: PollContext): Promise<PollResult> {
    const batches = this.people.map((person) => ({ pid: person.dblpPid!, personIds: [person.id] }));
    return pollBatches(batches, context.now, async (batch) => {
      const url = `${this.baseUrl}/pid/${batch.pid}.xml`;
      const entries = parsePersonFile(await this.client.getText(url, 'application/xml, text/xml;q=0.9'));
      if (!entries) throw this.client.fail(url, 'not a DBLP person file (dblpperson)');
      return { works: entries.map((entry) => dblpWork(entry, this.id)), items: entries.length };
    });
  }
}

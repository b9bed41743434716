/**
 * arXiv calls per cycle for 100 watched people: batched `au:` queries against one query per
 * person (the naive way), both run for real against a loopback arXiv that counts requests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PersonConfig } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { HttpClient } from '../src/net/http-client.js';
import { ArxivClient } from '../src/sources/arxiv/arxiv-client.js';
import { ArxivSearchSource } from '../src/sources/arxiv/arxiv-sources.js';
import type { Metric } from './metric.js';

const EMPTY_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
<opensearch:totalResults>0</opensearch:totalResults></feed>`;

const SURNAMES = [
  'Favero',
  'Wyart',
  'Sclocchi',
  'Cagnetta',
  'Petrini',
  'Frossard',
  'Tomasini',
  'Levi',
  'Zancato',
  'Soatto',
  'Korchinski',
  'Dimitriadis',
  'Hazimeh',
  'Abdelraheem',
  'Bovet',
  'Qin',
  'Wang',
  'Trager',
  'Ortiz-Jimenez',
  'Geiger',
  'Mezard',
  'Lewenstein',
  'Del Maestro',
  'Gould',
  'Udalski',
  'Gaudi',
  'Dorsher',
  'Bouchaud',
  'Zdeborova',
  'Krzakala',
  'Biroli',
  'Montanari',
  'Saxe',
  'Ganguli',
  'Bahri',
  'Pehlevan',
  'Bordelon',
  'Sompolinsky',
  'Tishby',
  'Seung',
  'Mei',
  'Misiakiewicz',
  'Ghorbani',
  'Jacot',
  'Hongler',
  'Gabriel',
  'Spigler',
  'DAscoli',
  'Sagun',
  'Baity-Jesi',
];
const GIVEN = [
  'Alessandro',
  'Matthieu',
  'Antonio',
  'Francesco',
  'Leonardo',
  'Pascal',
  'Umberto',
  'Noam',
  'Luca',
  'Stefano',
];

/** 100 distinct realistic names (50 surnames, two given names each), with an initialled alias. */
export function hundredPeople(): PersonConfig[] {
  return Array.from({ length: 100 }, (_, i) => {
    const surname = SURNAMES[i % 50]!;
    const given = GIVEN[(i * 7 + Math.floor(i / 50) * 3) % 10]!;
    return { id: `p${i}`, name: `${given} ${surname}`, aliases: [`${given[0]}. ${surname}`] };
  });
}

async function countCalls(
  sources: (client: ArxivClient, apiUrl: string) => ArxivSearchSource[],
): Promise<number> {
  let calls = 0;
  const server = createServer((_req, res) => {
    calls++;
    res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(EMPTY_FEED);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
  const http = new HttpClient({
    timeoutMs: 5000,
    maxBytes: 1 << 20,
    allowPrivateAddresses: true,
    userAgent: 'bench',
  });
  const client = new ArxivClient({
    apiUrl,
    authorFeedUrl: apiUrl,
    fetcher: http,
    requestIntervalMs: 0,
    logger: silentLogger,
  });
  try {
    for (const source of sources(client, apiUrl)) {
      await source.poll({
        now: new Date(),
        state: { failures: 0 },
        firstSightPeople: new Set(),
        known: async () => new Set(),
      });
    }
  } finally {
    await http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return calls;
}

export async function benchArxivCalls(): Promise<Record<string, Metric>> {
  const people = hundredPeople();
  const paging = { pageSize: 100, maxPages: 5 };
  const batched = await countCalls((client, url) => [new ArxivSearchSource(people, client, paging, url)]);
  const naive = await countCalls((client, url) =>
    people.map((person) => new ArxivSearchSource([person], client, paging, url)),
  );
  return { arxivCallsPer100People: { value: batched, unit: 'calls/cycle', baseline: naive } };
}

/**
 * The User-Agent every request sends; arXiv's terms ask clients to identify themselves, and
 * Crossref and NCBI ask for a contact address (`mailto:`) as well, where one is configured.
 */
export function userAgent(version: string, contact?: string): string {
  const mailto = contact ? `; mailto:${contact}` : '';
  return `paper-herald/${version} (+https://github.com/paper-herald/paper-herald${mailto})`;
}

/**
 * Links between works as the APIs state them (Crossref `relation`, OpenAlex locations, bioRxiv's
 * published DOI), turned into the ids the alias index knows: `arxiv:...` or `doi:...`.
 */
import { arxivRecordId, parseArxivId } from '../../records/identifiers.js';
import { doiOrArxivId } from '../../records/paper-ids.js';

export { doiOrArxivId };

/** A Crossref relation target (`{"id-type": "doi", "id": "10.1101/014852"}`), as an id. */
export function parsePaperIdFromRelation(target: { 'id-type'?: string; id?: string }): string | undefined {
  const type = target['id-type']?.toLowerCase();
  if (type === 'doi') return doiOrArxivId(target.id);
  if (type === 'arxiv' || type === 'uri') {
    const arxiv = parseArxivId(target.id);
    if (arxiv) return arxivRecordId(arxiv.id);
    return type === 'uri' ? doiOrArxivId(target.id) : undefined;
  }
  return undefined;
}

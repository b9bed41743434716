/**
 * Items that are notices about a paper rather than papers: an erratum, a correction, a retraction,
 * an expression of concern. Sources that type them say so (Crossref's update-to, OpenAlex's type,
 * PubMed's publication types); a title that says so is taken at its word everywhere.
 */
const NOTICE_TITLE =
  /^\s*(?:erratum|errata|corrigendum|corrigenda|correction(?: to)?|retraction(?: note| notice)?|retracted|withdrawn|withdrawal|expression of concern|addendum|publisher['’]?s note|author correction)\b/i;

export function isNoticeTitle(title: string | undefined): boolean {
  return NOTICE_TITLE.test(title ?? '');
}

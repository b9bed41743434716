/** The User-Agent every request sends; arXiv's terms ask clients to identify themselves. */
export function userAgent(version: string): string {
  return `paper-herald/${version} (+https://github.com/paper-herald/paper-herald)`;
}

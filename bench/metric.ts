/** One benchmark figure as `npm run bench -- --json` prints it. */
export interface Metric {
  value: number;
  unit: string;
  /** The naive way, measured in the same run. */
  baseline?: number;
}

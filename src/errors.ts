/**
 * The base of every error the project throws on purpose. `code` is stable, so callers branch on
 * it rather than on message text.
 */
export class HeraldError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

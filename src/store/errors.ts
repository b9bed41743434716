import { HeraldError } from '../errors.js';

/** The store could not be read or written. Nothing was marked done that was not written. */
export class StoreError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** The store was written by a newer paper-herald than this one. */
export class StoreSchemaError extends HeraldError {
  constructor(message: string) {
    super('STORE_SCHEMA', message);
  }
}

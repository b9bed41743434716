/**
 * One configuration of Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) for every contract
 * check, and readable errors.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`: its default import is the module under NodeNext.
const addFormats = formatsPlugin.default;

/** Integer formats of the Discord description, as ranges. */
const INTEGER_RANGES = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    allowUnionTypes: true,
    discriminator: true,
    // Lengths in UTF-16 code units, as JavaScript counts them: never fewer than the platforms'
    // character counts, so a body that passes here is within the limit however they count.
    // Ajv 8 calls the option deprecated but honours it; only that notice is dropped.
    unicode: false,
    logger: {
      log: console.log,
      error: console.error,
      warn: (...args: unknown[]) => {
        if (!String(args[0]).includes('option unicode')) console.warn(...args);
      },
    },
  });
  addFormats(ajv);
  for (const [name, [min, max]] of Object.entries(INTEGER_RANGES)) {
    ajv.addFormat(name, {
      type: 'number',
      validate: (value: number) => Number.isInteger(value) && value >= Number(min) && value <= Number(max),
    });
  }
  ajv.addFormat('double', { type: 'number', validate: (value: number) => Number.isFinite(value) });
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  // Discord's nonce format is a string of at most 25 characters; the length is checked by maxLength.
  ajv.addFormat('nonce', /^[\s\S]*$/);
  // Annotations of Discord's description and of ours, not validation keywords.
  ajv.addKeyword('x-discord-union');
  ajv.addKeyword('x-herald-file-parts');
  return ajv;
}

/** `where /path/to/value: message` for each error, at most `limit` of them. */
export function describeErrors(where: string, errors: ErrorObject[] | null | undefined, limit = 8): string[] {
  const messages = (errors ?? []).map((error) => {
    const detail =
      error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : '';
    const at = error.instancePath ? ` ${error.instancePath}` : '';
    return `${where}${at}: ${error.message ?? error.keyword}${detail}`;
  });
  const unique = [...new Set(messages)];
  return unique.length > limit ? [...unique.slice(0, limit), `… ${unique.length - limit} more`] : unique;
}

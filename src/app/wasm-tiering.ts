/**
 * WebAssembly compiled by the baseline compiler only (V8's Liftoff), never re-optimized.
 *
 * Why: the only WebAssembly the bot runs is undici's HTTP parser (llhttp), once for each undici
 * copy loaded. Left to tier up, V8's optimizing compiler recompiles it on background threads,
 * in memory those threads' malloc arenas then keep: 5 to 20 MB for the life of a long-running
 * bot, different from one run to the next. Parsing the headers of a few hundred HTTP responses an
 * hour gains nothing measurable from the optimized code (README, "Where the idle memory goes").
 * Set before the first HTTP request: V8 reads the flag when it compiles a module.
 */
import { setFlagsFromString } from 'node:v8';

export function compileWasmWithBaselineOnly(): void {
  setFlagsFromString('--liftoff-only');
}

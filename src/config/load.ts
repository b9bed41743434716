/**
 * Reads herald.yaml and validates it, collecting every problem as `FILE: key.path: message`.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type * as z from 'zod';
import { HeraldError } from '../errors.js';
import { type HeraldEnv, talksToRealArxiv, talksToRealService } from './env.js';
import { referenceIssues } from './references.js';
import { configSchema, type HeraldConfig, type ScholarlySourceName } from './schema.js';
import { SCHOLARLY_DEFAULTS } from './scholarly-limits.js';

export const DEFAULT_CONFIG_PATH = 'config/herald.yaml';
/** arXiv's terms of use: no more than one request every three seconds. */
export const ARXIV_MIN_INTERVAL_MS = 3000;

export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export class ConfigError extends HeraldError {
  constructor(readonly problems: ConfigProblem[]) {
    super('CONFIG_INVALID', problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(problem: ConfigProblem): string {
  return `${problem.file}: ${problem.path || '(top level)'}: ${problem.message}`;
}

export interface LoadedConfig {
  file: string;
  config: HeraldConfig;
}

export function resolveConfigPath(cliPath: string | undefined, env: HeraldEnv): string {
  return cliPath ?? env.configPath ?? DEFAULT_CONFIG_PATH;
}

export async function loadConfig(file: string, env: HeraldEnv): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError([{ file, path: '', message: reason }]);
  }
  return { file, config: parseConfigText(text, file, env) };
}

export function parseConfigText(text: string, file: string, env: HeraldEnv): HeraldConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({
        file,
        path: error.linePos ? `line ${error.linePos[0].line}` : '',
        message: `YAML: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const raw = document.toJS() ?? {};
  const parsed = configSchema.safeParse(raw);
  const problems = referenceIssues(raw).map((issue) => ({ file, ...issue }));
  if (!parsed.success) problems.unshift(...parsed.error.issues.map((issue) => toProblem(file, issue)));
  else problems.push(...environmentProblems(parsed.data, file, env));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

function environmentProblems(config: HeraldConfig, file: string, env: HeraldEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.arxiv.requestIntervalMs < ARXIV_MIN_INTERVAL_MS && talksToRealArxiv(env)) {
    problems.push({
      file,
      path: 'arxiv.requestIntervalMs',
      message: `must be at least ${ARXIV_MIN_INTERVAL_MS} when talking to arxiv.org (arXiv's terms of use)`,
    });
  }
  for (const name of Object.keys(SCHOLARLY_DEFAULTS) as ScholarlySourceName[]) {
    const minimum = SCHOLARLY_DEFAULTS[name].requestIntervalMs;
    if (config[name].requestIntervalMs < minimum && talksToRealService(env, name)) {
      problems.push({
        file,
        path: `${name}.requestIntervalMs`,
        message: `must be at least ${minimum} when talking to the real ${name} service (its published limit)`,
      });
    }
  }
  return problems;
}

/**
 * What is valid but will not do what the file seems to ask (a source switched on without the key
 * it needs), as `FILE: key.path: message` lines: logged at start, printed by `herald check`.
 */
export function configNotices(config: HeraldConfig, file: string, env: HeraldEnv): string[] {
  const notices: ConfigProblem[] = [];
  if (config.openalex.enabled && !env.openalexApiKey) {
    notices.push({
      file,
      path: 'openalex.enabled',
      message: 'OpenAlex is off: it needs an API key in OPENALEX_API_KEY (free at openalex.org/settings/api)',
    });
  }
  if (config.crossref.enabled && !config.crossref.mailto) {
    notices.push({
      file,
      path: 'crossref.mailto',
      message: "not set: Crossref's polite pool (faster, more reliable) needs a contact address",
    });
  }
  return notices.map(formatProblem);
}

function toProblem(file: string, issue: z.core.$ZodIssue): ConfigProblem {
  return { file, path: issue.path.map(String).join('.'), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return 'is required';
  return issue.message;
}

/**
 * The shape of herald.yaml, validated with zod. Secrets are not part of it: they come from the
 * environment only (see env.ts).
 */
import cron from 'node-cron';
// A namespace import, as zod advises: the bundle then holds only the parts used (not its locales).
import * as z from 'zod';
import {
  type Check,
  checkArxivAuthorId,
  checkDblpPid,
  checkHttpUrl,
  checkInspireAuthorId,
  checkOpenalexAuthorId,
  checkOrcid,
  checkPersonName,
} from '../records/validators.js';

/** A string checked (and normalised) by one of the rules the commands share. */
function checked(check: Check) {
  return z.string().transform((value, context) => {
    const result = check(value);
    if (result.ok) return result.value;
    context.issues.push({ code: 'custom', message: result.problem, input: value });
    return z.NEVER;
  });
}

import { DIGEST_EVERY, parseDigestAt } from '../announce/digest/digest-schedule.js';
import { SCHOLARLY_DEFAULTS } from './scholarly-limits.js';

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'must be 1-64 characters of a-z, 0-9, "-" or "_", starting with a letter or digit',
  );

const timezone = z.string().refine(isIanaZone, { message: 'is not an IANA time zone such as Europe/London' });

const cronExpression = z.string().refine((value) => cron.validate(value), {
  message: 'is not a valid cron expression (e.g. "*/30 * * * *")',
});

/** `24h`, `90m`, `2d` -> milliseconds. */
const duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(m|h|d)$/, 'must be a duration such as "90m", "24h" or "2d"')
  .transform((value) => {
    const amount = Number.parseFloat(value);
    const unit = value.trim().slice(-1);
    const minutes = unit === 'm' ? 1 : unit === 'h' ? 60 : 1440;
    return Math.round(amount * minutes * 60_000);
  });

const httpUrl = checked(checkHttpUrl);

export const personSchema = z.strictObject({
  id,
  name: checked(checkPersonName),
  aliases: z.array(z.string().trim().min(2).max(200)).default([]),
  arxivAuthorId: checked(checkArxivAuthorId).nullish(),
  orcid: checked(checkOrcid).nullish(),
  /** OpenAlex author id (A...): OpenAlex finds their works by it. */
  openalexId: checked(checkOpenalexAuthorId).nullish(),
  /** INSPIRE-HEP author id (BAI or INSPIRE-...). */
  inspireId: checked(checkInspireAuthorId).nullish(),
  /** DBLP person id (dblp.org/pid/<id>). */
  dblpPid: checked(checkDblpPid).nullish(),
});

const email = z.email('must be an e-mail address such as lab@example.org');

/** The keys every scholarly source has: on or off, and the time between two of its requests. */
function scholarlySource<T extends z.core.$ZodLooseShape>(name: keyof typeof SCHOLARLY_DEFAULTS, shape: T) {
  const defaults = SCHOLARLY_DEFAULTS[name];
  const block = z.strictObject({
    enabled: z.boolean().default(false),
    /** Time between two requests; the default is the service's published limit (see README). */
    requestIntervalMs: z.number().int().min(0).default(defaults.requestIntervalMs),
    /** Safety stop on paging within one poll. */
    maxPages: z.number().int().min(1).max(100).default(defaults.maxPages),
    ...shape,
  });
  // Every key of every block has a default, so an absent block is an empty one.
  return block.prefault({} as z.input<typeof block>);
}

export const feedKinds = ['paper', 'talk'] as const;

export const feedSchema = z.strictObject({
  id,
  url: httpUrl,
  kind: z.enum(feedKinds),
  /** Talk feeds: announce every talk, not only those of watched people (a series the group follows). */
  announceAll: z.boolean().default(false),
  /** Zone for times the feed gives without one; default: the top-level `timezone`. */
  timezone: timezone.optional(),
});

export const platforms = ['discord', 'slack', 'console'] as const;

/** A channel's digest: when it goes out (in the config's `timezone`), and whether an empty one does. */
export const digestSchema = z
  .strictObject({
    every: z.enum(DIGEST_EVERY).default('weekly'),
    /** `Mon 09:00` (weekly) or `09:00` (daily); default Monday 09:00, or 09:00. */
    at: z.string().optional(),
    /** A period with nothing new: a one-line "nothing new this week" instead of no message. */
    sendEmpty: z.boolean().default(false),
  })
  .superRefine((digest, context) => {
    if (digest.at === undefined) return;
    const parsed = parseDigestAt(digest.every, digest.at);
    if (!parsed.ok)
      context.addIssue({ code: 'custom', path: ['at'], message: parsed.problem, input: digest.at });
  });

export const channelModes = ['instant', 'digest'] as const;

export const channelSchema = z.strictObject({
  id,
  platform: z.enum(platforms),
  /** Discord channel id, Slack channel id, or any label for the console. */
  target: z.string().min(1),
  kinds: z.array(z.enum(feedKinds)).min(1).default(['paper', 'talk']),
  /** Person ids; absent: everyone watched. */
  people: z.array(id).optional(),
  /** A record must mention one of these in its title or abstract (case-insensitive). */
  keywords: z.array(z.string().min(1)).default([]),
  /** `digest`: what the channel would get is collected and sent as one digest (default instant). */
  mode: z.enum(channelModes).optional(),
  digest: digestSchema.optional(),
});

const configObject = z.strictObject({
  timezone: timezone.default('UTC'),
  schedule: z
    .strictObject({
      papers: cronExpression.default('15 0 * * 1-5'),
      papersTimezone: timezone.default('America/New_York'),
      feeds: cronExpression.default('*/30 * * * *'),
      /** Crossref, OpenAlex, INSPIRE, bioRxiv, PubMed, DBLP: once a day is plenty. */
      scholarly: cronExpression.default('30 6 * * *'),
    })
    .prefault({}),
  backfill: z.number().int().min(0).max(50).default(0),
  arxiv: z
    .strictObject({
      /** Time between two requests to arXiv. arXiv's terms ask for at least 3 s; see env.ts. */
      requestIntervalMs: z.number().int().min(0).default(3000),
      pageSize: z.number().int().min(1).max(2000).default(100),
      /** Safety stop when paging back to what is stored. */
      maxPages: z.number().int().min(1).max(100).default(5),
    })
    .prefault({}),
  fetch: z
    .strictObject({
      timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
      maxBytes: z
        .number()
        .int()
        .min(1024)
        .default(10 * 1024 * 1024),
      allowPrivateAddresses: z.boolean().default(false),
    })
    .prefault({}),
  talks: z
    .strictObject({
      announceAheadDays: z.number().min(0).max(365).default(14),
      horizonDays: z.number().min(1).max(730).default(60),
      reminders: z.array(duration).prefault(['24h', '1h']),
    })
    .prefault({}),
  delivery: z
    .strictObject({
      /** First retry of a failed post after this long, doubling each time (with jitter). */
      retryBaseMs: z.number().int().min(10).default(5000),
      retryMaxMs: z.number().int().min(10).default(3_600_000),
      /**
       * After this many failed attempts a delivery is held: it stops holding up its channel and
       * waits for `herald redeliver`. Refusals (missing access, unknown channel) are held at once.
       */
      holdAfterAttempts: z.number().int().min(1).default(10),
    })
    .prefault({}),
  sources: z
    .strictObject({
      pauseAfterFailures: z.number().int().min(1).default(10),
    })
    .prefault({}),
  crossref: scholarlySource('crossref', {
    /** Contact address: Crossref's polite pool (the `mailto` parameter and User-Agent). */
    mailto: email.optional(),
  }),
  openalex: scholarlySource('openalex', {}),
  inspire: scholarlySource('inspire', {}),
  biorxiv: scholarlySource('biorxiv', {
    servers: z
      .array(z.enum(['biorxiv', 'medrxiv']))
      .min(1)
      .default(['biorxiv', 'medrxiv']),
  }),
  pubmed: scholarlySource('pubmed', {
    /** Contact address NCBI asks for with every E-utilities request. */
    email: email.optional(),
  }),
  dblp: scholarlySource('dblp', {}),
  /** Channel id (from `channels`) that receives operational notices. */
  adminChannel: id.optional(),
  discord: z
    .strictObject({
      adminRoleIds: z.array(z.string().regex(/^\d{5,25}$/, 'must be a Discord role id')).default([]),
    })
    .prefault({}),
  slack: z
    .strictObject({
      admins: z
        .array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U012AB3CD'))
        .default([]),
      /** Least time between two posts in one Slack channel: Slack allows about one a second. */
      postIntervalMs: z.number().int().min(0).default(1000),
    })
    .prefault({}),
  people: z.array(personSchema).default([]),
  feeds: z.array(feedSchema).default([]),
  channels: z.array(channelSchema).default([]),
});

export const configSchema = configObject;

export type HeraldConfig = z.output<typeof configObject>;
export type PersonConfig = z.output<typeof personSchema>;
export type FeedConfig = z.output<typeof feedSchema>;
export type ChannelConfig = z.output<typeof channelSchema>;
export type ScholarlySourceName = keyof typeof SCHOLARLY_DEFAULTS;
export type FeedKind = (typeof feedKinds)[number];
export type PlatformName = (typeof platforms)[number];
export type ChannelMode = (typeof channelModes)[number];
export type DigestConfig = z.output<typeof digestSchema>;

export function isIanaZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

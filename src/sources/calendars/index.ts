/** Talk sources: .ics calendars and talk feed items parsed into talk events. */
export {
  type CalendarOptions,
  type CalendarReading,
  looksLikeCalendar,
  MAX_OCCURRENCES_PER_EVENT,
  parseCalendar,
  readCalendar,
} from './calendar-parser.js';
export { CalendarParseError, UnknownTimezoneError } from './errors.js';
export { type FeedTalkItem, type FeedTalkOptions, talkEventsFromFeedItems } from './feed-talks.js';
export { speakerHints } from './speaker-hints.js';
export type { TalkEvent, TalkEventStatus } from './talk-event.js';
export { type TalkTime, talkTimeFromText } from './text-time.js';

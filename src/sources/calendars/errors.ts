/** Errors of the talk-source parsers, each with a stable code. */
import { HeraldError } from '../../errors.js';

/** The text is not an iCalendar file, or is one that cannot be read at all. */
export class CalendarParseError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('CALENDAR_INVALID', message, options);
  }
}

/** A zone given by the caller (configuration) is not an IANA time zone. */
export class UnknownTimezoneError extends HeraldError {
  constructor(readonly zone: string) {
    super('TIMEZONE_UNKNOWN', `"${zone}" is not an IANA time zone such as Europe/London`);
  }
}

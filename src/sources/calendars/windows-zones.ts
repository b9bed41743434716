/**
 * Windows time-zone names as Outlook and Exchange write them in TZID, mapped to IANA zones.
 * Zone ids ("W. Europe Standard Time") go through the CLDR windowsZones table that the
 * `windows-iana` package ships. Display names ("(UTC+01:00) Amsterdam, Berlin, ...") are not in
 * CLDR: the compact table below holds the city lists of the common zones as Windows shows them
 * (Microsoft, "Default Time Zones", learn.microsoft.com/windows-hardware/manufacture/desktop/
 * default-time-zones), older spellings included; other names fall back to a city match.
 */
import { findIana } from 'windows-iana';

const DISPLAY_NAMES: Record<string, string> = {
  'international date line west': 'Dateline Standard Time',
  hawaii: 'Hawaiian Standard Time',
  alaska: 'Alaskan Standard Time',
  'pacific time (us & canada)': 'Pacific Standard Time',
  'pacific time (us & canada); tijuana': 'Pacific Standard Time',
  arizona: 'US Mountain Standard Time',
  'mountain time (us & canada)': 'Mountain Standard Time',
  'central time (us & canada)': 'Central Standard Time',
  'central america': 'Central America Standard Time',
  'guadalajara, mexico city, monterrey': 'Central Standard Time (Mexico)',
  'eastern time (us & canada)': 'Eastern Standard Time',
  'indiana (east)': 'US Eastern Standard Time',
  'bogota, lima, quito, rio branco': 'SA Pacific Standard Time',
  'bogota, lima, quito': 'SA Pacific Standard Time',
  'atlantic time (canada)': 'Atlantic Standard Time',
  santiago: 'Pacific SA Standard Time',
  newfoundland: 'Newfoundland Standard Time',
  brasilia: 'E. South America Standard Time',
  'city of buenos aires': 'Argentina Standard Time',
  'buenos aires': 'Argentina Standard Time',
  'coordinated universal time': 'UTC',
  'dublin, edinburgh, lisbon, london': 'GMT Standard Time',
  'greenwich mean time : dublin, edinburgh, lisbon, london': 'GMT Standard Time',
  'monrovia, reykjavik': 'Greenwich Standard Time',
  'amsterdam, berlin, bern, rome, stockholm, vienna': 'W. Europe Standard Time',
  'belgrade, bratislava, budapest, ljubljana, prague': 'Central Europe Standard Time',
  'brussels, copenhagen, madrid, paris': 'Romance Standard Time',
  'sarajevo, skopje, warsaw, zagreb': 'Central European Standard Time',
  'west central africa': 'W. Central Africa Standard Time',
  'athens, bucharest': 'GTB Standard Time',
  'athens, bucharest, istanbul': 'GTB Standard Time',
  'helsinki, kyiv, riga, sofia, tallinn, vilnius': 'FLE Standard Time',
  'helsinki, kiev, riga, sofia, tallinn, vilnius': 'FLE Standard Time',
  jerusalem: 'Israel Standard Time',
  cairo: 'Egypt Standard Time',
  'harare, pretoria': 'South Africa Standard Time',
  istanbul: 'Turkey Standard Time',
  'moscow, st. petersburg': 'Russian Standard Time',
  'moscow, st. petersburg, volgograd': 'Russian Standard Time',
  'abu dhabi, muscat': 'Arabian Standard Time',
  'kuwait, riyadh': 'Arab Standard Time',
  tehran: 'Iran Standard Time',
  'islamabad, karachi': 'Pakistan Standard Time',
  'chennai, kolkata, mumbai, new delhi': 'India Standard Time',
  kathmandu: 'Nepal Standard Time',
  dhaka: 'Bangladesh Standard Time',
  'bangkok, hanoi, jakarta': 'SE Asia Standard Time',
  'beijing, chongqing, hong kong, urumqi': 'China Standard Time',
  'kuala lumpur, singapore': 'Singapore Standard Time',
  taipei: 'Taipei Standard Time',
  perth: 'W. Australia Standard Time',
  'osaka, sapporo, tokyo': 'Tokyo Standard Time',
  seoul: 'Korea Standard Time',
  adelaide: 'Cen. Australia Standard Time',
  darwin: 'AUS Central Standard Time',
  brisbane: 'E. Australia Standard Time',
  'canberra, melbourne, sydney': 'AUS Eastern Standard Time',
  hobart: 'Tasmania Standard Time',
  'auckland, wellington': 'New Zealand Standard Time',
};

/** `(UTC+01:00)`, `(GMT-05:00)`, `(UTC)` at the start of a display name. */
const OFFSET_PREFIX = /^\s*\((?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\)\s*/i;

/** IANA zone for a Windows zone id such as "W. Europe Standard Time". */
export function ianaForWindowsId(name: string): string | undefined {
  return findIana(name.trim(), '001')[0];
}

/** IANA zone for a display name such as "(UTC+01:00) Amsterdam, Berlin, ...". */
export function ianaForDisplayName(name: string): string | undefined {
  const key = normaliseName(name.replace(OFFSET_PREFIX, ''));
  // Some exporters spell out the "&" of "(US & Canada)".
  const windowsId = DISPLAY_NAMES[key] ?? DISPLAY_NAMES[key.replace(/\(us and canada\)/, '(us & canada)')];
  if (windowsId) return ianaForWindowsId(windowsId);
  return ianaForCity(key);
}

/** The fixed offset, in minutes, that a display name starts with; undefined without one. */
export function offsetOfDisplayName(name: string): number | undefined {
  const match = OFFSET_PREFIX.exec(name);
  if (!match) return undefined;
  const [, sign, hours, minutes] = match;
  if (!sign) return 0;
  const total = Number(hours) * 60 + Number(minutes);
  return sign === '-' ? -total : total;
}

let zonesByCity: Map<string, string> | undefined;

/** "Amsterdam, Berlin" -> Europe/Amsterdam: the first listed city that names a tz database zone. */
function ianaForCity(cities: string): string | undefined {
  zonesByCity ??= new Map(
    Intl.supportedValuesOf('timeZone').map((zone) => [normaliseName(zone.split('/').pop() ?? zone), zone]),
  );
  for (const city of cities.split(/,|\/|\band\b/)) {
    const zone = zonesByCity.get(city.trim().replace(/_/g, ' '));
    if (zone) return zone;
  }
  return undefined;
}

/** Lower case, accents removed, `_` as space, spaces collapsed: "Brasília" -> "brasilia". */
function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

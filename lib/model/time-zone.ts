/**
 * CronJob `spec.timeZone` as the API server checks it (batch validation `validateTimeZone`): a
 * non-empty name, each `/`-separated part 1-14 of `[A-Za-z.-_0-9+]` (not `.`, `..` or starting
 * with `-`), not `Local`, and a zone Go's `time.LoadLocation` finds in the IANA database.
 *
 * The database here is the runtime's (ICU, through Intl): a name is a zone when it is one of
 * `Intl.supportedValuesOf('timeZone')` or an alias `Intl.DateTimeFormat` accepts. Intl matches
 * names without regard to case and Go's lookup is by file name, so a name that differs only in
 * case from a zone (`america/new_york`), or an alias whose parts do not start with a capital
 * letter as every IANA name does (`us/eastern`), is refused.
 */

import { closest } from './edit-distance';

const PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Zones seen, and their verdict (a platform uses a handful; bounded for odd inputs). */
const verdicts = new Map<string, string | undefined>();
let canonical: ReadonlySet<string> | undefined;
let canonicalLower: ReadonlyMap<string, string> | undefined;

/** Why the API server refuses `zone` as a time zone (its wording), or undefined when it accepts it. */
export function timeZoneError(zone: string): string | undefined {
  if (verdicts.has(zone)) return verdicts.get(zone);
  const verdict = check(zone);
  if (verdicts.size < 1000) verdicts.set(zone, verdict);
  return verdict;
}

function check(zone: string): string | undefined {
  if (zone === '') return 'timeZone must be nil or non-empty string';
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !PART.test(part)) return `unknown time zone ${zone}`;
  }
  if (zone.toLowerCase() === 'local')
    return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  return isKnownZone(zone) ? undefined : `unknown time zone ${zone}`;
}

function isKnownZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  if (!canonical) {
    const all = Intl.supportedValuesOf('timeZone');
    canonical = new Set(all);
    canonicalLower = new Map(all.map((z) => [z.toLowerCase(), z]));
  }
  if (canonical.has(zone)) return true;
  // A zone written in another case is another file name to Go.
  if (canonicalLower!.has(zone.toLowerCase())) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  return zone.split('/').every((part) => /^[A-Z]/.test(part));
}

/** The zone `zone` probably meant (another case, a typo, the same city elsewhere), if one is clear. */
export function suggestTimeZone(zone: string): string | undefined {
  const all = Intl.supportedValuesOf('timeZone');
  const lower = zone.toLowerCase();
  const sameCase = all.find((z) => z.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const near = closest(zone, all);
  if (near) return near;
  const city = `/${(zone.split('/').pop() ?? zone).toLowerCase().replace(/[ -]/g, '_')}`;
  return all.find((z) => z.toLowerCase().endsWith(city));
}

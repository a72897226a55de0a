import { InvalidInputError } from '../core/invalid-input-error';

const FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Why `expression` is not a valid CronJob schedule, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const e = expression.trim();
  if (e.startsWith('@')) {
    return MACROS.includes(e) ? undefined : `unknown macro; allowed: ${MACROS.join(', ')}`;
  }
  if (/^(CRON_)?TZ=/.test(e)) {
    return "time zones in the schedule are not supported by Kubernetes; use the CronJob's timeZone option";
  }
  const parts = e.split(/\s+/);
  if (parts.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`;
  }
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    const value = (s: string): number | undefined => {
      if (/^[0-9]+$/.test(s)) return Number(s);
      const idx = f.names?.indexOf(s.toUpperCase()) ?? -1;
      return idx >= 0 ? idx + (f.name === 'month' ? 1 : 0) : undefined;
    };
    for (const item of parts[i].split(',')) {
      const m = /^([^/]+)(?:\/([0-9]+))?$/.exec(item);
      if (!m) return `${f.name} field "${parts[i]}" is malformed`;
      if (m[2] !== undefined && Number(m[2]) < 1) return `${f.name} field "${parts[i]}": the step must be >= 1`;
      if (m[1] === '*' || (m[1] === '?' && (i === 2 || i === 4))) continue;
      const range = m[1].split('-');
      if (range.length > 2) return `${f.name} field "${parts[i]}" is malformed`;
      const nums = range.map(value);
      if (nums.some((n) => n === undefined || n < f.min || n > f.max)) {
        return `${f.name} field "${parts[i]}" is out of range; allowed ${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}, "*", lists "a,b", ranges "a-b" and steps "*/n"`;
      }
      if (nums.length === 2 && (nums[0] as number) > (nums[1] as number))
        return `${f.name} field "${parts[i]}": the range is backwards`;
    }
  }
  return undefined;
}

/**
 * When a CronJob runs (in the controller's time zone unless the CronJob sets `timeZone`).
 *
 * @example
 * import { Schedule } from 'berth-k8s';
 * const nightly = Schedule.cron('0 2 * * *');
 * const daily = Schedule.daily({ hour: 3 });
 * const everyQuarterHour = Schedule.every(15);
 */
export class Schedule {
  /** A cron expression (`minute hour day-of-month month day-of-week`) or a macro (`@daily`); checked. */
  public static cron(expression: string): Schedule {
    const problem = cronProblem(expression);
    if (problem) {
      throw new InvalidInputError(
        'Schedule.cron',
        'expression',
        expression,
        `not a valid schedule: ${problem}`,
        'a cron expression of 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily',
        'Write 5 fields, e.g. "0 2 * * *" for 02:00 daily.',
      );
    }
    return new Schedule(expression.trim().split(/\s+/).join(' '));
  }
  /** Every day at `hour:minute`. */
  public static daily(at: { readonly hour?: number; readonly minute?: number } = {}): Schedule {
    return Schedule.cron(`${at.minute ?? 0} ${at.hour ?? 0} * * *`);
  }
  /** Every hour at `minute`. */
  public static hourly(minute = 0): Schedule {
    return Schedule.cron(`${minute} * * * *`);
  }
  /** Every week on `day` (0 = Sunday) at `hour:minute`. */
  public static weekly(day = 0, at: { readonly hour?: number; readonly minute?: number } = {}): Schedule {
    return Schedule.cron(`${at.minute ?? 0} ${at.hour ?? 0} * * ${day}`);
  }
  /** Every `minutes` minutes (1-59). */
  public static every(minutes: number): Schedule {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 59) {
      throw new InvalidInputError(
        'Schedule.every',
        'minutes',
        minutes,
        'not a whole number of minutes from 1 to 59',
        'a whole number from 1 to 59',
        'Use Schedule.cron() for longer periods.',
      );
    }
    return Schedule.cron(`*/${minutes} * * * *`);
  }

  private constructor(
    /** The cron expression as written in the manifest. */
    public readonly expression: string,
  ) {}
}

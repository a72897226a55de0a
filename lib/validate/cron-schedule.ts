/**
 * The CronJob schedule grammar: robfig/cron v3 `ParseStandard` as the Kubernetes API server uses
 * it (5 fields, ranges, steps, month and weekday names, `?`, `@daily`-style macros and
 * `@every <duration>`), refusing `TZ=`/`CRON_TZ=` as Kubernetes does for new objects.
 * Returns the reason a schedule is invalid, or undefined when it is valid.
 */

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** Why `schedule` is not a valid CronJob schedule, or undefined. */
export function cronScheduleError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/TZ/.test(s)) return 'cannot use TZ or CRON_TZ in schedule; use the timeZone field instead';
  if (s === '') return 'the schedule is empty';
  if (s.startsWith('@')) {
    if (MACROS.has(s.toLowerCase())) return undefined;
    const every = /^@every\s+(.+)$/.exec(s);
    if (every)
      return /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(every[1])
        ? undefined
        : `@every needs a duration like 5m or 1h30m, got ${JSON.stringify(every[1])}`;
    return `unknown descriptor ${JSON.stringify(s)}; use one of ${[...MACROS].join(', ')}`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5)
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    const err = fieldError(fields[i], FIELDS[i]);
    if (err) return `${FIELDS[i].name} field ${JSON.stringify(fields[i])}: ${err}`;
  }
  return undefined;
}

function fieldError(field: string, spec: FieldSpec): string | undefined {
  for (const part of field.split(',')) {
    const err = partError(part, spec);
    if (err) return err;
  }
  return undefined;
}

function partError(part: string, spec: FieldSpec): string | undefined {
  const [range, step, extra] = part.split('/');
  if (extra !== undefined) return 'too many slashes';
  if (step !== undefined) {
    if (!/^[0-9]+$/.test(step)) return `step ${JSON.stringify(step)} is not a number`;
    if (Number(step) === 0) return 'step must be at least 1';
  }
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `too many hyphens in ${JSON.stringify(range)}`;
  const values: number[] = [];
  for (const b of bounds) {
    const v = valueOf(b, spec);
    if (v === undefined) return `${JSON.stringify(b)} is not a number${spec.names ? ' or a name' : ''}`;
    if (v < spec.min || v > spec.max) return `${v} is out of range ${spec.min}-${spec.max}`;
    values.push(v);
  }
  if (values.length === 2 && values[0] > values[1]) return `range ${range} starts after it ends`;
  return undefined;
}

function valueOf(s: string, spec: FieldSpec): number | undefined {
  if (/^[0-9]+$/.test(s)) return Number(s);
  const i = spec.names?.indexOf(s.toLowerCase()) ?? -1;
  return i >= 0 ? spec.min + i : undefined;
}

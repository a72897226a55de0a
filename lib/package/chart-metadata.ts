/**
 * A chart's `Chart.yaml` as packaging reads it. The name and version become a file name
 * (`<name>-<version>.tgz`) and the folder every file of the archive sits in, so they are
 * checked before anything is written, with Helm's rules:
 *
 * - name: letters, digits, `.`, `_` and `-`, not `.` or `..`, at most 250 characters: what
 *   `helm create` accepts. Helm's loader only refuses names with a path separator and `.`/`..`;
 *   `helm create`'s rule also keeps out the characters Helm calls problematic (quotes, `$`, `%`,
 *   `+`, newlines, backslashes). The lower-case DNS-label form (`shop`, `my-app`) is a Helm
 *   convention, not a rule: `berth synth` already requires it of the charts it writes, and
 *   `berth package` also packages charts written by others, which Helm would package too.
 * - version: SemVer 2, as Helm's chart documentation requires (the same rule synth applies).
 *   Helm's own parser is laxer (`v1.2`, `1.2`); a SemVer 2 version holds no `/` or `\`.
 */
import { UsageError } from '../model/usage-error';
import { isRecord } from '../model/is-record';
import { yamlLibrary } from '../yaml/yaml-library';
import { SEMVER } from '../emit/helm/chart-files';

/** The chart names `helm create` accepts (and `.`/`..`, refused apart). */
const CHART_NAME = /^[A-Za-z0-9._-]+$/;
/** The longest chart name `helm create` accepts. */
const MAX_CHART_NAME = 250;

/** The fields of a `Chart.yaml`, with a checked name and version. */
export interface ChartMetadataFields {
  readonly name: string;
  readonly version: string;
  /** Every field, as read (for `index.yaml`). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const HINT =
  'A Chart.yaml is a map of fields with at least a name and a SemVer 2 version, e.g. `name: shop` and `version: 1.2.3`; `berth synth --format helm` writes the charts of a platform.';

/** The value as a message shows it. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

function fieldError(
  file: string,
  field: string,
  reason: string,
  value: unknown,
  allowed: string,
  hint: string,
): UsageError {
  return new UsageError(
    `${file}: field ${field}: ${reason}${value === undefined ? '' : ` (got ${shown(value)})`}. Allowed: ${allowed}.`,
    hint,
  );
}

/** A number YAML read from an unquoted version, as the SemVer 2 version meant (`1.2` → `1.2.0`). */
function asSemVer(n: number): string {
  const parts = String(n).split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** Why `name` cannot be a chart's name, or undefined when it can. */
function nameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return 'not a name';
  if (!CHART_NAME.test(name)) return 'has characters a chart name cannot have';
  if (name.length > MAX_CHART_NAME) return `longer than ${MAX_CHART_NAME} characters`;
  return undefined;
}

/**
 * Reads the text of a `Chart.yaml`; `file` names it in messages. Throws a UsageError naming
 * the file and field when it is not YAML, not a map, or lacks a valid name or version.
 */
export function readChartMetadata(text: string, file: string): ChartMetadataFields {
  const doc = yamlLibrary().parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const reason =
      error.code === 'MULTIPLE_DOCS'
        ? 'holds more than one YAML document'
        : `not valid YAML: ${error.message.split('\n')[0]}`;
    throw new UsageError(`${file}: ${reason}`, HINT);
  }
  const fields = doc.toJS() as unknown;
  if (!isRecord(fields)) {
    throw new UsageError(
      `${file}: not a map of fields (got ${doc.contents === null ? 'no YAML: the file is empty or only comments' : shown(fields)})`,
      HINT,
    );
  }
  const name = fields.name;
  if (typeof name !== 'string' || name === '') {
    throw fieldError(
      file,
      'name',
      name === undefined ? 'missing' : 'not a chart name',
      name,
      'a string of letters, digits, ".", "_" and "-"',
      "Set the chart's name, e.g. `name: shop`.",
    );
  }
  const nameWrong = nameProblem(name);
  if (nameWrong) {
    throw fieldError(
      file,
      'name',
      nameWrong,
      name,
      `letters, digits, ".", "_" and "-" (not "." or ".."), at most ${MAX_CHART_NAME} characters, as helm create allows`,
      "The name becomes the package's file name and its folder in the archive; name the chart e.g. `shop` or `my-app`.",
    );
  }
  const version = fields.version;
  if (typeof version !== 'string' || version === '') {
    throw fieldError(
      file,
      'version',
      version === undefined ? 'missing' : 'not a string',
      version,
      'a SemVer 2 version',
      typeof version === 'number'
        ? `Quote it, e.g. \`version: "${asSemVer(version)}"\`: unquoted, YAML reads a number.`
        : 'Set it, e.g. `version: 1.2.3`.',
    );
  }
  if (!SEMVER.test(version)) {
    throw fieldError(
      file,
      'version',
      'not SemVer 2',
      version,
      'a SemVer 2 version: MAJOR.MINOR.PATCH, maybe with -PRERELEASE and +BUILD',
      'Use e.g. `1.2.3` or `1.2.3-rc.1`.',
    );
  }
  return { name, version, fields };
}

import { environmentVersions } from '../../validate/environment-versions';
import { MANIFEST } from '../../output/output-manifest';
import {
  DEFAULT_K8S_VERSION,
  isKubernetesVersion,
  K8S_VERSIONS,
  KubernetesVersion,
} from '../../model/kubernetes-version';
import { KubeObject, ManifestRecord, objectId } from '../../model/manifest';
import { Labels, MANAGED_BY_BERTH } from '../../model/labels';
import { Waiver } from '../../model/problem';
import { crdVersionSchemas, isCrd } from '../../validate/crd-schemas';
import { POLICY_PROFILES, PolicyProfile } from '../../model/policy-profiles';
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFAULT_LIMITS,
  InputLimits,
  inputText,
  parseManifests,
  readManifests,
  ReadNotes,
  readNotes,
  tooLarge,
  UnusableInput,
} from '../../validate/read-manifests';
import { formatBytes, InputTooLarge, parseByteSize } from '../../io/input-bytes';
import { formatReport, formatReportJson } from '../../validate/report';
import { validateManifests } from '../../validate/validate-manifests';

/** Where `berth validate` reads and writes. */
export interface ValidateCommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Standard input's bytes; rejects past `maxBytes` (see CommandIO). */
  readStdin(maxBytes: number): Promise<Buffer>;
}

/** Exit codes of `berth validate`. */
export const EXIT_CLEAN = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_UNUSABLE = 2;

const USAGE = `usage: berth validate [PATH...] [-] [--crds DIR]... [--policy restricted|baseline|none] [--format text|json] [--external Kind/name]... [--partial] [--kubernetes-version V] [--allow-empty] [--max-input-size SIZE] [--max-document-size SIZE]
  Validates Kubernetes YAML (files, folders searched recursively for *.yaml/*.yml, or - for stdin)
  against the Kubernetes schemas (of --kubernetes-version: ${K8S_VERSIONS.join(', ')}; default ${DEFAULT_K8S_VERSION}), CRD schemas, the API server's grammar, references and a policy.
  CRDs come from the validated objects, the folders given with --crds, the project's crds/ (beside
  cdk8s.yaml; stderr names the folder of each schema used), and those shipped with Berth for the custom
  kinds its constructs emit (Argo CD Application, ApplicationSet, AppProject; VolumeSnapshot,
  VolumeSnapshotClass, VolumeSnapshotContent: schemas/crds/ of the berth-k8s package), which the
  others take precedence over.
  Symbolic links leading out of a folder given are not read. An input (file, folder or stdin)
  holding no object is unusable unless --allow-empty. --partial: the input is not a whole
  environment (a chart render, one manifest), so a reference to an object it does not hold is a
  warning (declare such objects with --external to silence it). Each file or stream may hold at most
  ${formatBytes(DEFAULT_LIMITS.fileBytes)} (--max-input-size 256Mi raises it), each YAML document in it ${formatBytes(DEFAULT_LIMITS.documentBytes)} (--max-document-size).
  Exit status: 0 clean (warnings allowed), 1 errors found, 2 unusable input.
`;

interface Args {
  paths: string[];
  crds: string[];
  policy: PolicyProfile;
  format: 'text' | 'json';
  external: string[];
  allowEmpty: boolean;
  partial: boolean;
  kubernetesVersion?: KubernetesVersion;
  limits: InputLimits;
}

function parseArgs(args: readonly string[]): Args | string {
  const out: Args = {
    paths: [],
    crds: [],
    policy: 'restricted',
    format: 'text',
    external: [],
    allowEmpty: false,
    partial: false,
    limits: DEFAULT_LIMITS,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (flag) {
      case '--crds': {
        const v = value();
        if (!v) return '--crds needs a folder';
        out.crds.push(v);
        break;
      }
      case '--external': {
        const v = value();
        if (!v) return '--external needs Kind/name';
        out.external.push(v);
        break;
      }
      case '--policy': {
        const v = value();
        if (!POLICY_PROFILES.includes(v as PolicyProfile))
          return `--policy must be one of ${POLICY_PROFILES.join(', ')} (got ${JSON.stringify(v)})`;
        out.policy = v as PolicyProfile;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') return `--format must be text or json (got ${JSON.stringify(v)})`;
        out.format = v;
        break;
      }
      case '--allow-empty':
        out.allowEmpty = true;
        break;
      case '--partial':
        out.partial = true;
        break;
      case '--kubernetes-version': {
        const v = value();
        if (!isKubernetesVersion(v))
          return `--kubernetes-version must be one of ${K8S_VERSIONS.join(', ')} (got ${JSON.stringify(v)})`;
        out.kubernetesVersion = v;
        break;
      }
      case '--max-input-size':
      case '--max-document-size': {
        const v = value();
        const n = v === undefined ? undefined : parseByteSize(v);
        if (n === undefined)
          return `${flag} needs a size in bytes, or with Ki, Mi or Gi (got ${JSON.stringify(v)}; e.g. 256Mi)`;
        out.limits = { ...out.limits, [flag === '--max-input-size' ? 'fileBytes' : 'documentBytes']: n };
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
        // Standard input can be read once.
        if (a !== '-' || !out.paths.includes('-')) out.paths.push(a);
    }
  }
  if (out.paths.length === 0) return 'give at least one file, folder or - (stdin)';
  return out;
}

/**
 * `berth validate [PATH...]`: validates YAML manifests from files, folders and stdin.
 * Returns the exit code: 0 clean, 1 problems (errors) found, 2 unusable input.
 */
export async function runValidateCommand(args: string[], io: ValidateCommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return EXIT_CLEAN;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`berth validate: ${parsed}\n${USAGE}`);
    return EXIT_UNUSABLE;
  }
  const records: ManifestRecord[] = [];
  const crds: KubeObject[] = [];
  const notes = readNotes();
  try {
    for (const p of parsed.paths) {
      const before = { records: records.length, charts: notes.charts.length, files: notes.files.length };
      if (p === '-')
        records.push(
          ...parseManifests(
            inputText(await readStdin(io, parsed.limits.fileBytes), '<stdin>'),
            '<stdin>',
            parsed.limits.documentBytes,
          ),
        );
      else {
        // Each folder given is one environment (`berth validate dist/dev dist/prod`): names may
        // repeat across folders, and references resolve inside a folder. Files given one by one
        // form one environment together.
        const environment = isDirectory(p) ? p : '';
        const raw = readManifests(p, notes, parsed.limits);
        const split = environment ? subfoldersRepeatingObjects(p, raw) : undefined;
        // Berth's own output (`dist`): its folders are environments, each applied apart, so
        // each is validated on its own, as synth validated them.
        // (Berth's output lists its files in .berth-output; objects of vendored third-party charts
        // keep their own labels.)
        const ofBerth = split !== undefined && (raw.every(managedByBerth) || fs.existsSync(path.join(p, MANIFEST)));
        const read = raw.map((r) =>
          withEnvironmentWaivers({ ...r, environment: ofBerth ? (topFolder(p, r.file) ?? p) : environment }),
        );
        if (split && ofBerth) {
          io.stderr(
            `berth validate: ${p} is Berth's output: validated its environments ${split.join(', ')} each on its own (their objects repeat)\n`,
          );
        } else if (split) {
          io.stderr(
            `berth validate: the folders of ${p} hold objects of the same kind, namespace and name, and are validated as one environment; if they are environments (as in Berth's output), validate each on its own: berth validate ${split.join(' ')}\n`,
          );
        }
        records.push(...read);
      }
      // An input with no object is a mistake far more often than not (`helm template` failed
      // and wrote nothing into the pipe): it is not a clean result. A chart alone is said below.
      if (records.length === before.records && notes.charts.length === before.charts && !parsed.allowEmpty) {
        throw new UnusableInput(
          `${p === '-' ? '<stdin>' : p}: no Kubernetes object in it: ${emptyBecause(p, notes.files.length - before.files)}`,
          EMPTY_HINT,
        );
      }
    }
    // Inside a project, its own CRDs (crds/ beside cdk8s.yaml) are known without --crds.
    const projectCrds =
      fs.existsSync('cdk8s.yaml') && isDirectory('crds') && !parsed.crds.includes('crds') ? ['crds'] : [];
    // Charts in them are no concern of the objects validated; links out of them are.
    const crdNotes = readNotes();
    const kindsValidated = new Set(records.map((r) => `${String(r.object.apiVersion)}/${String(r.object.kind)}`));
    for (const dir of [...parsed.crds, ...projectCrds]) {
      // The project's own CRDs are its configuration, not the input the limits are set for: a
      // real CRD (Argo CD's ApplicationSet) is a 1.4 MB document.
      const limits = parsed.crds.includes(dir) ? parsed.limits : DEFAULT_LIMITS;
      const used = new Set<string>();
      for (const r of readManifests(dir, crdNotes, limits)) {
        if (!isCrd(r.object)) continue;
        crds.push(r.object);
        for (const v of crdVersionSchemas(r.object))
          if (kindsValidated.has(`${v.apiVersion}/${v.kind}`)) used.add(v.kind);
      }
      // A schema read silently from a folder is one the reader cannot see: name where it came from.
      if (used.size > 0)
        io.stderr(
          `berth validate: the schemas of ${[...used].sort().join(', ')} come from the CRDs in ${dir}${projectCrds.includes(dir) ? " (the project's crds/, beside cdk8s.yaml)" : ''}\n`,
        );
    }
    notes.skipped.push(...crdNotes.skipped);
  } catch (e) {
    if (e instanceof UnusableInput) {
      noteSkipped(notes, io);
      io.stderr(`berth validate: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
      return EXIT_UNUSABLE;
    }
    throw e;
  }
  noteSkipped(notes, io);
  const skippedCharts = notes.charts;
  if (records.length === 0 && skippedCharts.length > 0) {
    io.stderr(
      `berth validate: nothing to validate: ${skippedCharts.join(', ')} ${skippedCharts.length === 1 ? 'is a Helm chart' : 'are Helm charts'}, whose templates are YAML only once rendered\n  hint: Validate the rendered chart: helm template <release> ${skippedCharts[0]} | berth validate -\n`,
    );
    return EXIT_UNUSABLE;
  }
  if (skippedCharts.length === 1) {
    io.stderr(
      `berth validate: skipped the Helm chart ${skippedCharts[0]}: its templates are YAML only once rendered (validate them with: helm template <release> ${skippedCharts[0]} | berth validate -)\n`,
    );
  } else if (skippedCharts.length > 1) {
    io.stderr(
      `berth validate: skipped ${skippedCharts.length} Helm charts (${skippedCharts.join(', ')}): their templates are YAML only once rendered (validate one with: helm template <release> ${skippedCharts[0]} | berth validate -)\n`,
    );
  }
  const problems = validateManifests(records, {
    policy: parsed.policy,
    crds,
    external: parsed.external,
    partial: parsed.partial,
    kubernetesVersion: parsed.kubernetesVersion,
    // Berth's output says which environments it validated against another version; the flag wins.
    kubernetesVersions:
      parsed.kubernetesVersion === undefined ? environmentVersions(records.map((r) => r.environment)) : undefined,
  });
  const waivers = waiversOf(records);
  io.stdout(parsed.format === 'json' ? formatReportJson(problems, waivers) : formatReport(problems, waivers));
  return problems.some((p) => p.severity === 'error') ? EXIT_PROBLEMS : EXIT_CLEAN;
}

/** The waivers the objects carry (the annotations synth wrote), once per construct, rule and reason, as synth lists them. */
function waiversOf(records: readonly ManifestRecord[]): Waiver[] {
  const unique = new Map<string, Waiver>();
  for (const r of records)
    for (const w of r.waivers) unique.set(`${w.constructPath}\u0000${w.rule}\u0000${w.reason}`, w);
  return [...unique.values()];
}

const EMPTY_HINT =
  'If a command wrote it (helm template ... | berth validate -), check that the command succeeded; pass --allow-empty when no object is expected.';

/** Why the input `p` holds no object, `files` files of it having been read. */
function emptyBecause(p: string, files: number): string {
  if (p === '-') return 'standard input is empty, or holds only comments and empty documents';
  if (!isDirectory(p)) return 'the file is empty, or holds only comments and empty documents';
  return files === 0
    ? 'the folder holds no *.yaml or *.yml file to read'
    : `its ${files === 1 ? 'YAML file holds' : `${files} YAML files hold`} only comments and empty documents`;
}

/** Standard input's bytes, at most `maxBytes`. @throws UnusableInput when it cannot be read */
async function readStdin(io: ValidateCommandIo, maxBytes: number): Promise<Buffer> {
  try {
    return await io.readStdin(maxBytes);
  } catch (e) {
    if (e instanceof InputTooLarge) throw tooLarge('<stdin>', e);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      throw new UnusableInput(
        '<stdin>: cannot read: standard input is a folder',
        'Give the folder as an argument: berth validate DIR.',
      );
    if (code === 'EBADF')
      throw new UnusableInput(
        '<stdin>: cannot read: standard input is closed',
        'Pipe the YAML in (helm template ... | berth validate -), or give files or folders instead of -.',
      );
    throw new UnusableInput(`<stdin>: cannot read: ${code ?? (e as Error).message}`);
  }
}

/** Notes naming the entries of folders that were not read (links out of them, pipes...). */
function noteSkipped(notes: ReadNotes, io: ValidateCommandIo): void {
  for (const s of notes.skipped) io.stderr(`berth validate: skipped ${s.path}: ${s.why}\n`);
}

/**
 * When two subfolders of `dir` (at its top) hold objects of the same kind, namespace and name,
 * as environments of one output do (`dist/dev`, `dist/prod`): every subfolder holding objects;
 * else undefined.
 */
function subfoldersRepeatingObjects(dir: string, records: readonly ManifestRecord[]): string[] | undefined {
  const firstSeen = new Map<string, string>();
  const tops = new Set<string>();
  let repeats = false;
  for (const r of records) {
    const top = topFolder(dir, r.file);
    if (top === undefined) continue;
    tops.add(top);
    const o = r.object as unknown as { kind?: unknown; metadata?: { name?: unknown } };
    if (typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') continue;
    const key = objectId(r.object);
    const other = firstSeen.get(key);
    if (other === undefined) firstSeen.set(key, top);
    else if (other !== top) repeats = true;
  }
  return repeats ? [...tops].sort() : undefined;
}

/**
 * A record of a file of Berth's output (`dist/<environment>/<app>/<file>`), its waivers naming
 * their construct as synth's report does (`dev/legacy/web`): the annotations give the path inside
 * the environment, the file's place gives the environment. Other records are returned as they are.
 */
function withEnvironmentWaivers(r: ManifestRecord): ManifestRecord {
  // Objects of vendored charts keep their own labels; the waiver annotations say the object is Berth's.
  if (r.waivers.length === 0 || !r.file) return r;
  const env = path.basename(path.dirname(path.dirname(path.resolve(r.file))));
  const waivers = r.waivers.map((w) =>
    w.constructPath === r.file
      ? w
      : { ...w, constructPath: w.constructPath === '/' ? env : `${env}/${w.constructPath}` },
  );
  return { ...r, waivers };
}

/** Whether the object carries the label Berth puts on everything it writes. */
function managedByBerth(r: ManifestRecord): boolean {
  const o = r.object as unknown as { metadata?: { labels?: Record<string, unknown> } };
  return o.metadata?.labels?.[Labels.MANAGED_BY] === MANAGED_BY_BERTH;
}

/** The subfolder at the top of `dir` that `file` is in (`dist/dev` for `dist/dev/shop/x.yaml`), else undefined. */
function topFolder(dir: string, file: string | undefined): string | undefined {
  const parts = path.relative(dir, file ?? '').split(path.sep);
  return parts.length > 1 && parts[0] !== '' && parts[0] !== '..' ? path.join(dir, parts[0]) : undefined;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

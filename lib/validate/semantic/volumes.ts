import { Finding, asArray, asObject, asString } from '../finding';
import { forbidden, invalid, isInt, MSG, required } from './api-error';
import { localPathErrors } from './containers';
import { parseAmount } from './quantity-value';
import { checkPvcSpec } from './storage';
import { isRecord } from '../../model/is-record';

/**
 * Pod volumes (core `validateVolumeSource` and the source checks): exactly one source, the
 * fields each source needs, file modes, and paths that stay inside the volume. Volume names and
 * duplicates are the grammar check's.
 */

/**
 * The sources of a pod volume in the order the API server looks at them, with the field path
 * it names when a second source is found (some differ from the field: upstream's own spelling).
 */
const VOLUME_SOURCES: ReadonlyArray<readonly [string, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

const MODE_HINT =
  'A file mode is at most 0777 octal (511 decimal): write 0644 (YAML reads a leading 0 as octal) or 420.';

function checkMode(v: unknown, path: string, out: Finding[]): void {
  if (isInt(v) && (v < 0 || v > 0o777)) out.push(invalid('api/range', path, v, MSG.fileMode, MODE_HINT));
}

/** `items` of a secret, configMap or projected source (core `validateKeyToPath`). */
function checkItems(items: unknown, path: string, out: Finding[]): void {
  asArray(items).forEach((it, i) => {
    const item = asObject(it);
    const p = `${path}.items[${i}]`;
    if (item.key === '') out.push(required('api/required', `${p}.key`, '', 'Name the key to project.'));
    checkItemPath(item.path, `${p}.path`, out);
    checkMode(item.mode, `${p}.mode`, out);
  });
}

/** The file an item is written to (core `ValidateLocalNonReservedPath`). */
function checkItemPath(value: unknown, path: string, out: Finding[]): void {
  const file = asString(value);
  if (file === '') out.push(required('api/required', path, '', 'Give the file name to write to.'));
  if (!file) return;
  for (const msg of localPathErrors(file))
    out.push(
      invalid('api/format', path, file, msg, 'The file path is relative to the mount point and stays inside it.'),
    );
  if (file.startsWith('..') && !file.startsWith('../'))
    out.push(
      invalid(
        'api/format',
        path,
        file,
        "must not start with '..'",
        'Names starting with ".." are reserved for the volume\'s own files.',
      ),
    );
}

function checkProjected(source: Record<string, unknown>, path: string, out: Finding[]): void {
  checkMode(source.defaultMode, `${path}.defaultMode`, out);
  asArray(source.sources).forEach((s, i) => {
    const src = asObject(s);
    const p = `${path}.sources[${i}]`;
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) =>
      isRecord(src[k]),
    );
    if (kinds.length > 1)
      out.push(
        forbidden(
          'api/one-of',
          p,
          'may not specify more than 1 volume type per source',
          `Split sources[${i}] (${kinds.join(', ')}) into one entry per kind.`,
        ),
      );
    for (const k of ['secret', 'configMap'])
      if (isRecord(src[k])) checkItems((src[k] as Record<string, unknown>).items, `${p}.${k}`, out);
    const token = asObject(src.serviceAccountToken);
    const exp = token.expirationSeconds;
    if (isInt(exp) && exp < 600)
      out.push(
        invalid(
          'api/range',
          `${p}.serviceAccountToken.expirationSeconds`,
          exp,
          'may not specify a duration less than 10 minutes',
          'Use at least 600 seconds; the kubelet refreshes the token before it expires.',
        ),
      );
    if (isInt(exp) && exp > 2 ** 32)
      out.push(
        invalid(
          'api/range',
          `${p}.serviceAccountToken.expirationSeconds`,
          exp,
          'may not specify a duration larger than 2^32 seconds',
          'Use a shorter expiration.',
        ),
      );
  });
}

function checkSource(name: string, source: Record<string, unknown>, path: string, out: Finding[]): void {
  switch (name) {
    case 'emptyDir': {
      const size = parseAmount(source.sizeLimit);
      if (size && size.n < 0n)
        out.push(
          forbidden(
            'api/resources',
            `${path}.sizeLimit`,
            'SizeLimit field must be a valid resource quantity',
            'Use a size of 0 or more, e.g. sizeLimit: 1Gi.',
          ),
        );
      break;
    }
    case 'hostPath': {
      const p = asString(source.path);
      if (p === '') out.push(required('api/required', `${path}.path`, '', 'Give the path on the node.'));
      else if (p?.split('/').includes('..'))
        out.push(
          invalid('api/format', `${path}.path`, p, "must not contain '..'", 'Write the host path without "..".'),
        );
      break;
    }
    case 'secret':
      if (source.secretName === undefined || source.secretName === '')
        out.push(required('api/required', `${path}.secretName`, '', 'Name the Secret to mount.'));
      checkMode(source.defaultMode, `${path}.defaultMode`, out);
      checkItems(source.items, path, out);
      break;
    case 'configMap':
      if (source.name === undefined || source.name === '')
        out.push(required('api/required', `${path}.name`, '', 'Name the ConfigMap to mount.'));
      checkMode(source.defaultMode, `${path}.defaultMode`, out);
      checkItems(source.items, path, out);
      break;
    case 'persistentVolumeClaim':
      if (source.claimName === '')
        out.push(required('api/required', `${path}.claimName`, '', 'Name the PersistentVolumeClaim to mount.'));
      break;
    case 'projected':
      checkProjected(source, path, out);
      break;
    case 'downwardAPI':
      checkMode(source.defaultMode, `${path}.defaultMode`, out);
      asArray(source.items).forEach((it, i) => {
        const item = asObject(it);
        const p = `${path}.items[${i}]`;
        if (isRecord(item.fieldRef) && isRecord(item.resourceFieldRef))
          out.push(
            invalid(
              'api/one-of',
              p,
              'resource',
              'fieldRef and resourceFieldRef can not be specified simultaneously',
              'Keep one of fieldRef and resourceFieldRef.',
            ),
          );
        if (isRecord(item.resourceFieldRef) && !item.resourceFieldRef.containerName)
          out.push(
            required(
              'api/required',
              `${p}.resourceFieldRef.containerName`,
              '',
              'Name the container whose resources to expose.',
            ),
          );
        checkItemPath(item.path, `${p}.path`, out);
        checkMode(item.mode, `${p}.mode`, out);
      });
      break;
    case 'ephemeral':
      if (!isRecord(source.volumeClaimTemplate))
        out.push(
          required(
            'api/required',
            `${path}.volumeClaimTemplate`,
            '',
            'Give the claim template (spec.accessModes, resources.requests.storage).',
          ),
        );
      else checkPvcSpec(source.volumeClaimTemplate.spec, `${path}.volumeClaimTemplate.spec`, out);
      break;
    default:
  }
}

/** The position of each pod volume source in the API server's order. */
const SOURCE_ORDER = new Map(VOLUME_SOURCES.map(([name], i) => [name, i]));

/** Checks the pod's `volumes` at `path` (e.g. `spec.template.spec.volumes`). */
export function checkVolumes(volumes: unknown, path: string, out: Finding[]): void {
  const list = asArray(volumes);
  for (let i = 0; i < list.length; i++) {
    const volume = asObject(list[i]);
    // A volume has its name and (normally) one source: look at its keys, not at every source.
    let first: string | undefined;
    let extra: string[] | undefined;
    for (const k in volume) {
      if (!SOURCE_ORDER.has(k) || volume[k] === undefined || volume[k] === null) continue;
      if (first === undefined) first = k;
      else (extra ??= []).push(k);
    }
    const p = `${path}[${i}]`;
    if (first === undefined) {
      out.push(
        required(
          'api/one-of',
          p,
          'must specify a volume type',
          'Give the volume a source, e.g. emptyDir: {}, configMap: { name }, secret: { secretName } or persistentVolumeClaim: { claimName }.',
        ),
      );
      continue;
    }
    if (extra) {
      const all = [first, ...extra].sort((a, b) => SOURCE_ORDER.get(a)! - SOURCE_ORDER.get(b)!);
      first = all[0];
      for (const name of all.slice(1)) {
        out.push(
          forbidden(
            'api/one-of',
            `${p}.${VOLUME_SOURCES[SOURCE_ORDER.get(name)!][1]}`,
            'may not specify more than 1 volume type',
            `A volume has one source: split volumes[${i}] into one volume per source.`,
          ),
        );
      }
    }
    checkSource(first, asObject(volume[first]), `${p}.${first}`, out);
  }
}

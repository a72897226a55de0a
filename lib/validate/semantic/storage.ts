import { Finding, asArray, asObject, asString } from '../finding';
import { dns1123Subdomain, qualifiedName } from '../../model/name-grammar';
import { forbidden, invalid, key, MSG, notSupported, required } from './api-error';
import { checkLabelSelector, checkNodeSelectorRequirement } from './selectors';
import { canonicalQuantity, parseAmount } from './quantity-value';
import { isRecord } from '../../model/is-record';

/**
 * Storage objects (core `ValidatePersistentVolumeClaimSpec`, `ValidatePersistentVolumeSpec`,
 * storage `ValidateStorageClass`). The claim spec is also a StatefulSet's claim templates' and an
 * ephemeral volume's.
 */

const ACCESS_MODES_HINT = 'Give at least one access mode, e.g. accessModes: [ReadWriteOnce].';

function checkAccessModes(modes: unknown, path: string, detail: string, out: Finding[]): void {
  const list = asArray(modes);
  if (list.length === 0) {
    out.push(required('api/required', path, detail, ACCESS_MODES_HINT));
    return;
  }
  if (list.includes('ReadWriteOncePod') && list.some((m) => m !== 'ReadWriteOncePod')) {
    out.push(
      forbidden(
        'api/combination',
        path,
        'may not use ReadWriteOncePod with other access modes',
        'ReadWriteOncePod already excludes every other pod: keep it alone, or use ReadWriteOnce.',
      ),
    );
  }
}

function checkClassName(name: unknown, path: string, out: Finding[]): void {
  if (typeof name !== 'string' || name === '') return;
  for (const msg of dns1123Subdomain(name))
    out.push(
      invalid(
        'api/format',
        path,
        name,
        msg,
        'Name an existing StorageClass (lower-case letters, digits, "-" and ".").',
      ),
    );
}

/** A PersistentVolumeClaimSpec at `path` (a claim's `spec`, or a claim template's). */
export function checkPvcSpec(spec: unknown, path: string, out: Finding[]): void {
  const s = asObject(spec);
  checkAccessModes(s.accessModes, `${path}.accessModes`, 'at least 1 access mode is required', out);
  if (s.selector !== undefined) checkLabelSelector(s.selector, `${path}.selector`, out);
  const requests = asObject(asObject(s.resources).requests);
  const storagePath = key(`${path}.resources`, 'storage');
  if (!('storage' in requests)) {
    out.push(
      required(
        'api/required',
        storagePath,
        '',
        'Request the size of the volume: resources.requests.storage, e.g. 10Gi.',
      ),
    );
  } else {
    const size = parseAmount(requests.storage);
    if (size && size.n <= 0n)
      out.push(
        invalid(
          'api/resources',
          storagePath,
          canonicalQuantity(size),
          MSG.positive,
          'Request a size above zero, e.g. 1Gi.',
        ),
      );
  }
  checkClassName(s.storageClassName, `${path}.storageClassName`, out);
  if (s.dataSource !== undefined || s.dataSourceRef !== undefined) checkDataSources(s, path, out);
}

function checkDataSources(s: Record<string, unknown>, path: string, out: Finding[]): void {
  for (const f of ['dataSource', 'dataSourceRef']) {
    const ds = asObject(s[f]);
    if (!isRecord(s[f])) continue;
    if (!ds.apiGroup && typeof ds.kind === 'string' && ds.kind !== 'PersistentVolumeClaim') {
      out.push(
        invalid(
          'api/format',
          `${path}.${f}`,
          ds.kind,
          "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
          `Set ${f}.apiGroup to the kind's group (e.g. snapshot.storage.k8s.io for a VolumeSnapshot), or reference a PersistentVolumeClaim.`,
        ),
      );
    }
  }
  const ds = asObject(s.dataSource);
  const ref = asObject(s.dataSourceRef);
  if (
    isRecord(s.dataSource) &&
    isRecord(s.dataSourceRef) &&
    !ref.namespace &&
    ((ds.apiGroup ?? '') !== (ref.apiGroup ?? '') || ds.kind !== ref.kind || ds.name !== ref.name)
  ) {
    out.push(
      invalid(
        'api/combination',
        path,
        `${path}.dataSource`,
        'must match dataSourceRef',
        'Set only dataSourceRef (the API server copies it to dataSource), or make both name the same object.',
      ),
    );
  }
}

/** A PersistentVolumeClaim. */
export function checkPvc(o: Record<string, unknown>, out: Finding[]): void {
  checkPvcSpec(o.spec, 'spec', out);
}

/** The sources of a PersistentVolume, in the order the API server looks at them. */
const PV_SOURCES: ReadonlyArray<readonly [string, string]> = [
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['nfs', 'nfs'],
  ['rbd', 'rbd'],
  ['quobyte', 'quobyte'],
  ['cephfs', 'cephFS'],
  ['iscsi', 'iscsi'],
  ['cinder', 'cinder'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['scaleIO', 'scaleIO'],
  ['local', 'local'],
  ['storageos', 'storageos'],
  ['csi', 'csi'],
];

/** A PersistentVolume. */
export function checkPv(o: Record<string, unknown>, out: Finding[]): void {
  const s = asObject(o.spec);
  checkAccessModes(s.accessModes, 'spec.accessModes', '', out);
  const capacity = asObject(s.capacity);
  const names = Object.keys(capacity);
  if (names.length === 0)
    out.push(
      required('api/required', 'spec.capacity', '', 'Give the size of the volume: capacity: { storage: 10Gi }.'),
    );
  if (!names.includes('storage') || names.length > 1)
    out.push(
      notSupported(
        'api/required',
        'spec.capacity',
        capacity,
        ['storage'],
        'A PersistentVolume has one capacity, storage, e.g. capacity: { storage: 10Gi }.',
      ),
    );
  for (const n of names) {
    const a = parseAmount(capacity[n]);
    if (a && a.n <= 0n)
      out.push(
        invalid(
          'api/resources',
          key('spec.capacity', n),
          canonicalQuantity(a),
          MSG.positive,
          'Give a size above zero.',
        ),
      );
  }
  const affinity = s.nodeAffinity;
  if (isRecord(affinity)) {
    if (!isRecord(affinity.required))
      out.push(
        required(
          'api/required',
          'spec.nodeAffinity.required',
          'must specify required node constraints',
          'Give nodeAffinity.required.nodeSelectorTerms naming the nodes that hold the volume.',
        ),
      );
    else checkNodeSelector(affinity.required, 'spec.nodeAffinity.required', out);
  }
  let count = 0;
  for (const [name, reported] of PV_SOURCES) {
    const source = s[name];
    if (source === undefined || source === null) continue;
    if (count++ > 0 && name !== 'flexVolume') {
      out.push(
        forbidden(
          'api/one-of',
          `spec.${reported}`,
          'may not specify more than 1 volume type',
          'A PersistentVolume has one source: keep one.',
        ),
      );
      continue;
    }
    const path = asString(asObject(source).path);
    if ((name === 'hostPath' || name === 'local') && path === '')
      out.push(required('api/required', `spec.${name}.path`, '', 'Give the path on the node.'));
    if ((name === 'hostPath' || name === 'local') && path?.split('/').includes('..'))
      out.push(
        invalid('api/format', `spec.${name}.path`, path, "must not contain '..'", 'Write the path without "..".'),
      );
    if (name === 'local' && !isRecord(affinity))
      out.push(
        required(
          'api/required',
          'spec.nodeAffinity',
          'Local volume requires node affinity',
          'A local volume lives on one node: add nodeAffinity.required naming it (kubernetes.io/hostname In [<node>]).',
        ),
      );
  }
  if (count === 0)
    out.push(
      required(
        'api/one-of',
        'spec',
        'must specify a volume type',
        'Give the volume a source, e.g. csi, nfs, hostPath or local.',
      ),
    );
  const hostPath = asString(asObject(s.hostPath).path);
  if (
    hostPath !== undefined &&
    hostPath.replace(/\/+$/, '') === '' &&
    hostPath.startsWith('/') &&
    s.persistentVolumeReclaimPolicy === 'Recycle'
  ) {
    out.push(
      forbidden(
        'api/combination',
        'spec.persistentVolumeReclaimPolicy',
        "may not be 'recycle' for a hostPath mount of '/'",
        "Recycling would delete the node's root: use Retain.",
      ),
    );
  }
  checkClassName(s.storageClassName, 'spec.storageClassName', out);
}

/** A required node selector (node affinity, PersistentVolume affinity). */
export function checkNodeSelector(selector: Record<string, unknown>, path: string, out: Finding[]): void {
  const terms = asArray(selector.nodeSelectorTerms);
  if (terms.length === 0) {
    out.push(
      required(
        'api/required',
        `${path}.nodeSelectorTerms`,
        'must have at least one node selector term',
        'Add a term, e.g. matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [node-1] }].',
      ),
    );
    return;
  }
  terms.forEach((t, i) => checkNodeSelectorTerm(t, `${path}.nodeSelectorTerms[${i}]`, out));
}

/** One node selector term: its match expressions. */
export function checkNodeSelectorTerm(term: unknown, path: string, out: Finding[]): void {
  asArray(asObject(term).matchExpressions).forEach((e, j) =>
    checkNodeSelectorRequirement(e, `${path}.matchExpressions[${j}]`, out),
  );
}

/** A StorageClass. */
export function checkStorageClass(o: Record<string, unknown>, out: Finding[]): void {
  const provisioner = o.provisioner;
  if (provisioner === '')
    out.push(required('api/required', 'provisioner', '', 'Name the provisioner, e.g. ebs.csi.aws.com.'));
  else if (typeof provisioner === 'string') {
    for (const msg of qualifiedName(provisioner.toLowerCase()))
      out.push(
        invalid(
          'api/format',
          'provisioner',
          provisioner.toLowerCase(),
          msg,
          'Use the CSI driver\'s name, e.g. "ebs.csi.aws.com" or "kubernetes.io/no-provisioner".',
        ),
      );
  }
  const params = asObject(o.parameters);
  for (const k of Object.keys(params)) {
    if (k === '')
      out.push(
        invalid(
          'api/required',
          'parameters',
          k,
          'field can not be empty.',
          'Remove the parameter with the empty name.',
        ),
      );
  }
  asArray(o.allowedTopologies).forEach((t, i) => {
    const exprs = asArray(asObject(t).matchLabelExpressions);
    const p = `allowedTopologies[${i}]`;
    if (exprs.length === 0)
      out.push(
        required(
          'api/required',
          `${p}.matchLabelExpressions`,
          'must have at least one label selector',
          'Give a label and its values, e.g. { key: topology.kubernetes.io/zone, values: [eu-west-1a] }.',
        ),
      );
    exprs.forEach((e, j) => {
      if (asArray(asObject(e).values).length === 0)
        out.push(
          required('api/required', `${p}.matchLabelExpressions[${j}].values`, '', 'List the label values allowed.'),
        );
    });
  });
}

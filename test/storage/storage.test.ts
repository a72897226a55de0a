import {
  AccessMode,
  Application,
  Environment,
  PersistentVolumeClaim,
  Platform,
  ReclaimPolicy,
  SnapshotDeletionPolicy,
  StorageClass,
  VolumeBindingMode,
  VolumeMode,
  VolumeSnapshot,
  VolumeSnapshotClass,
} from '../../lib';
import { Size } from '../../lib/units';

function setup(storageClassName?: string, envName = 'prod') {
  const platform = new Platform();
  const env = new Environment(platform, envName, { config: {}, defaults: { storageClassName } });
  const app = new Application(env, 'db');
  return { platform, env, app };
}

describe('StorageClass', () => {
  test('renders every field, cluster-scoped, with the default-class annotation', () => {
    const { app } = setup();
    const sc = new StorageClass(app, 'Gp3', {
      name: 'gp3',
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: ReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: true,
      isDefault: true,
      mountOptions: ['noatime'],
    });
    expect(sc.toJson()).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'gp3',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        labels: {
          'app.kubernetes.io/instance': 'db',
          'app.kubernetes.io/managed-by': 'berth',
          'app.kubernetes.io/part-of': 'db',
        },
      },
      provisioner: 'ebs.csi.aws.com',
      parameters: { encrypted: 'true', type: 'gp3' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      mountOptions: ['noatime'],
    });
    expect(sc.storageClassName).toBe('gp3');
  });

  test('defaults: Delete, WaitForFirstConsumer, no expansion, no annotation', () => {
    const { app } = setup();
    const json = new StorageClass(app, 'Standard', { provisioner: 'pd.csi.storage.gke.io' }).toJson();
    expect(json).toMatchObject({
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: false,
    });
    expect((json.metadata as Record<string, unknown>).name).toBe('standard');
    expect(json.metadata).not.toHaveProperty('annotations');
    expect(json.metadata).not.toHaveProperty('namespace');
    expect(json).not.toHaveProperty('parameters');
  });

  test('a bad provisioner or name is refused with the path and a fix', () => {
    const { app } = setup();
    expect(() => new StorageClass(app, 'Bad', { provisioner: 'not a driver' })).toThrow(
      'prod/db/Bad: field provisioner: not a provisioner name (got "not a driver"). Allowed: a CSI driver name like "ebs.csi.aws.com".',
    );
    expect(() => new StorageClass(app, 'Bad2', { name: 'Fast_SSD', provisioner: 'ebs.csi.aws.com' })).toThrow(
      'prod/db/Bad2: field metadata.name: not a valid object name (DNS-1123 subdomain) (got "Fast_SSD"). Allowed: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters. Did you mean "fast-ssd"?',
    );
  });
});

describe('PersistentVolumeClaim', () => {
  test('renders size, access modes, class and volume mode', () => {
    const { app } = setup();
    const sc = new StorageClass(app, 'Fast', { name: 'fast', provisioner: 'ebs.csi.aws.com' });
    const pvc = new PersistentVolumeClaim(app, 'Data', {
      name: 'mysql-pvc',
      storage: Size.gibibytes(20),
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
      storageClass: sc,
      volumeMode: VolumeMode.BLOCK,
    });
    const json = pvc.toJson();
    expect(json.metadata).toMatchObject({ name: 'mysql-pvc', namespace: 'db' });
    expect(json.spec).toEqual({
      accessModes: ['ReadWriteOncePod'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
      volumeMode: 'Block',
    });
    expect(pvc.claimName).toBe('mysql-pvc');
  });

  test('the storage class defaults to the environment default, else is left to the cluster', () => {
    const withDefault = setup('gp3');
    expect(new PersistentVolumeClaim(withDefault.app, 'Data', { storage: Size.gibibytes(1) }).toJson().spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'gp3',
    });
    const without = setup();
    const pvc = new PersistentVolumeClaim(without.app, 'Data', { storage: Size.mebibytes(512) });
    expect(pvc.toJson().spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '512Mi' } },
    });
    expect(pvc.claimName).toBe('data');
    expect(
      new PersistentVolumeClaim(withDefault.app, 'Static', { storage: Size.gibibytes(1), storageClass: '' }).toJson()
        .spec,
    ).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '' });
  });

  test('a clone has a PersistentVolumeClaim dataSource and defaults to the source size', () => {
    const { app } = setup();
    const data = new PersistentVolumeClaim(app, 'Data', { name: 'mysql-pvc', storage: Size.gibibytes(20) });
    const clone = new PersistentVolumeClaim(app, 'Clone', { cloneFrom: data });
    expect(clone.toJson().spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      dataSource: { kind: 'PersistentVolumeClaim', name: 'mysql-pvc' },
    });
    expect(() => new PersistentVolumeClaim(app, 'Small', { cloneFrom: data, storage: Size.gibibytes(10) })).toThrow(
      'prod/db/Small: field storage: smaller than the source\'s 20Gi (got "10Gi"). Allowed: at least 20Gi.',
    );
  });

  test('a claim without a size is refused', () => {
    const { app } = setup();
    expect(() => new PersistentVolumeClaim(app, 'Data')).toThrow(
      'prod/db/Data: field storage: no size given. Allowed: a Size.',
    );
    expect(() => new PersistentVolumeClaim(app, 'Zero', { storage: Size.gibibytes(0) })).toThrow(
      'prod/db/Zero: field storage: an empty volume (got "0Gi")',
    );
  });
});

describe('snapshots', () => {
  test('VolumeSnapshotClass renders driver, deletion policy, parameters and the default annotation, cluster-scoped', () => {
    const { app } = setup();
    const cls = new VolumeSnapshotClass(app, 'Ebs', {
      name: 'ebs-snapclass',
      driver: 'ebs.csi.aws.com',
      deletionPolicy: SnapshotDeletionPolicy.RETAIN,
      parameters: { tagSpecification_1: 'team=db' },
      isDefault: true,
    });
    const json = cls.toJson();
    expect(json).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: {
        name: 'ebs-snapclass',
        annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' },
        labels: {
          'app.kubernetes.io/instance': 'db',
          'app.kubernetes.io/managed-by': 'berth',
          'app.kubernetes.io/part-of': 'db',
        },
      },
      driver: 'ebs.csi.aws.com',
      deletionPolicy: 'Retain',
      parameters: { tagSpecification_1: 'team=db' },
    });
    expect(new VolumeSnapshotClass(app, 'Plain', { driver: 'pd.csi.storage.gke.io' }).toJson().deletionPolicy).toBe(
      'Delete',
    );
  });

  test('pvc.snapshot writes a VolumeSnapshot of the claim with the class', () => {
    const { app } = setup();
    const data = new PersistentVolumeClaim(app, 'Data', { name: 'mysql-pvc', storage: Size.gibibytes(20) });
    const cls = new VolumeSnapshotClass(app, 'Ebs', { name: 'ebs-snapclass', driver: 'ebs.csi.aws.com' });
    const snap = data.snapshot('Nightly', { snapshotClass: cls });
    const named = data.snapshot('Manual', { name: 'db-snapshot' });
    expect(snap.toJson()).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: {
        name: 'mysql-pvc-nightly',
        namespace: 'db',
        labels: {
          'app.kubernetes.io/instance': 'db',
          'app.kubernetes.io/managed-by': 'berth',
          'app.kubernetes.io/part-of': 'db',
        },
      },
      spec: { source: { persistentVolumeClaimName: 'mysql-pvc' }, volumeSnapshotClassName: 'ebs-snapclass' },
    });
    expect(named.snapshotName).toBe('db-snapshot');
    expect(named.toJson().spec).toEqual({ source: { persistentVolumeClaimName: 'mysql-pvc' } });
  });

  test('a restore has a VolumeSnapshot dataSource with the snapshot API group and the source size', () => {
    const { app } = setup();
    const data = new PersistentVolumeClaim(app, 'Data', { name: 'mysql-pvc', storage: Size.gibibytes(20) });
    const snap = data.snapshot('Backup', {
      name: 'db-snapshot',
      snapshotClass: VolumeSnapshotClass.fromName(app, 'Cls', 'ebs-snapclass'),
    });
    const restored = PersistentVolumeClaim.fromSnapshot(app, 'Restored', snap, { name: 'mysql-restored' });
    expect(restored.toJson().spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'db-snapshot' },
    });
    expect(snap.restore(app, 'Again', { storage: Size.gibibytes(30) }).toJson().spec).toMatchObject({
      resources: { requests: { storage: '30Gi' } },
      dataSource: { name: 'db-snapshot' },
    });
  });

  test('a snapshot of an external claim must be declared; a declared one is allowed', () => {
    const { app } = setup();
    expect(() => new VolumeSnapshot(app, 'Snap', { source: 'legacy-data' })).toThrow(
      'prod/db/Snap: field source: no PersistentVolumeClaim of this name is declared in this environment (got "legacy-data"). Allowed: a PersistentVolumeClaim of the app, or one declared with PersistentVolumeClaim.fromClaimName(scope, id, "legacy-data").',
    );
    expect(() => new VolumeSnapshot(app, 'Snap2', { source: { claimName: 'legacy-data' } as never })).toThrow(
      'no PersistentVolumeClaim of this name is declared in this environment (got "legacy-data")',
    );
    PersistentVolumeClaim.fromClaimName(app, 'Legacy', 'legacy-data');
    const snap = new VolumeSnapshot(app, 'Snap3', { source: 'legacy-data' });
    expect(snap.toJson().spec).toEqual({ source: { persistentVolumeClaimName: 'legacy-data' } });
    expect(snap.snapshotName).toBe('snap3');
  });

  test('a restore from a declared external snapshot needs a size', () => {
    const { app } = setup();
    const ext = VolumeSnapshot.fromSnapshotName(app, 'Ext', 'golden-image');
    expect(() => PersistentVolumeClaim.fromSnapshot(app, 'Data', ext)).toThrow(
      "prod/db/Data: field storage: no size given and the source's size is unknown",
    );
    expect(
      PersistentVolumeClaim.fromSnapshot(app, 'Data2', ext, { storage: Size.gibibytes(5) }).toJson().spec,
    ).toMatchObject({
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'golden-image' },
    });
  });

  test('a restore from a snapshot in another environment is an error naming both paths', () => {
    const platform = new Platform();
    const prod = new Application(new Environment(platform, 'prod', { config: {} }), 'db');
    const dev = new Application(new Environment(platform, 'dev', { config: {} }), 'db');
    const snap = new PersistentVolumeClaim(prod, 'Data', { storage: Size.gibibytes(1) }).snapshot('Nightly');
    expect(() => PersistentVolumeClaim.fromSnapshot(dev, 'Copy', snap)).toThrow(
      'dev/db/Copy: field restoreFrom: the snapshot is in environment "prod" but dev/db/Copy is in "dev" (got "prod/db/Data/Nightly").',
    );
    const other = PersistentVolumeClaim.fromClaimName(prod, 'Ext', 'ext');
    expect(() => new VolumeSnapshot(dev, 'Snap', { source: other })).toThrow(
      'dev/db/Snap: field source: the claim is in environment "prod"',
    );
  });

  test('restoring into another namespace is refused', () => {
    const platform = new Platform();
    const env = new Environment(platform, 'prod', { config: {} });
    const a = new Application(env, 'a');
    const b = new Application(env, 'b');
    const snap = new PersistentVolumeClaim(a, 'Data', { storage: Size.gibibytes(1) }).snapshot('S');
    expect(() => PersistentVolumeClaim.fromSnapshot(b, 'Copy', snap)).toThrow(
      'prod/b/Copy: field restoreFrom: the source is in namespace "a" but the claim is in "b" (got "prod/a/Data/S")',
    );
  });

  test('storage objects are synthesized in apply order: classes, claims, snapshots', () => {
    const { platform, app } = setup();
    const data = new PersistentVolumeClaim(app, 'Data', { name: 'mysql-pvc', storage: Size.gibibytes(20) });
    data.snapshot('Backup', {
      name: 'db-snapshot',
      snapshotClass: new VolumeSnapshotClass(app, 'Cls', { name: 'ebs-snapclass', driver: 'ebs.csi.aws.com' }),
    });
    new StorageClass(app, 'Sc', { name: 'gp3', provisioner: 'ebs.csi.aws.com' });
    const result = platform.synth({ dryRun: true });
    expect(result.apps[0].records.map((r) => `${r.object.kind}/${r.object.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'StorageClass/gp3',
        'VolumeSnapshotClass/ebs-snapclass',
        'PersistentVolumeClaim/mysql-pvc',
        'VolumeSnapshot/db-snapshot',
      ]),
    );
  });
});

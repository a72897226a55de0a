import { CronJob, Schedule, Size, StatefulSet, Volume } from 'berth-k8s';
import { makeApp, render } from './_helpers';

describe('StatefulSet', () => {
  test('claim templates and other volumes are mounted together, with a headless Service', () => {
    const { app } = makeApp({ storageClassName: 'fast-ssd' });
    const db = new StatefulSet(app, 'db', {
      replicas: 3,
      volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(10) }],
    });
    db.addContainer({
      image: 'postgres:16.4',
      ports: [{ port: 5432, name: 'postgres' }],
      volumeMounts: [
        { volume: db.claimVolume('data'), path: '/var/lib/postgresql/data' },
        { volume: Volume.fromConfigMap({ configMapName: 'db-config' }), path: '/etc/postgresql' },
        { volume: Volume.fromSecret({ secretName: 'db-tls' }, { defaultMode: 0o400 }), path: '/tls' },
      ],
    });
    const spec = render(db).spec;
    expect(spec.serviceName).toBe('db-headless');
    expect(spec.replicas).toBe(3);
    expect(spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'shop' } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'fast-ssd',
          resources: { requests: { storage: '10Gi' } },
        },
      },
    ]);
    expect(spec.template.spec.volumes).toEqual([
      { name: 'db-config', configMap: { name: 'db-config' } },
      { name: 'db-tls', secret: { secretName: 'db-tls', defaultMode: 0o400 } },
    ]);
    expect(spec.template.spec.containers[0].volumeMounts.map((m: { name: string }) => m.name)).toEqual([
      'data',
      'db-config',
      'db-tls',
    ]);
    const headless = render(db.headlessService!);
    expect(headless.metadata.name).toBe('db-headless');
    expect(headless.spec).toEqual({
      type: 'ClusterIP',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'shop' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    });
  });

  test('an existing headless Service is referenced by name and not created', () => {
    const { app } = makeApp();
    const db = new StatefulSet(app, 'db', { serviceName: 'pg', containers: [{ image: 'postgres:16.4' }] });
    expect(render(db).spec.serviceName).toBe('pg');
    expect(db.headlessService).toBeUndefined();
  });

  test('a claim template mounted under the name of another volume is an error', () => {
    const { app } = makeApp();
    const db = new StatefulSet(app, 'db', { volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }] });
    db.addContainer({
      image: 'pg:16',
      volumeMounts: [{ volume: Volume.fromPersistentVolumeClaim({ claimName: 'data' }), path: '/other' }],
    });
    expect(() => render(db)).toThrow(
      'dev/shop/db: field volumes: not allowed (got "data"). Allowed: a pod volume name different from every claim template: claim template "data" would be mounted under the same name as a persistentVolumeClaim volume. Rename the volume',
    );
    const both = new StatefulSet(app, 'db2', { volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }] });
    both.addContainer({
      image: 'pg:16',
      volumeMounts: [
        { volume: both.claimVolume('data'), path: '/data' },
        { volume: Volume.fromPersistentVolumeClaim({ claimName: 'data' }), path: '/other' },
      ],
    });
    expect(() => render(both)).toThrow(
      'dev/shop/db2: field containers[0].volumeMounts[1].name: not allowed (got "data"). Allowed: a volume name not used by another volume (containers[0].volumeMounts[0] uses it for a volumeClaimTemplate volume)',
    );
  });

  test('a claim template whose claims are mounted again as a plain claim is an error', () => {
    const { app } = makeApp();
    const db = new StatefulSet(app, 'db', { volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }] });
    db.addContainer({
      image: 'pg:16',
      volumeMounts: [
        { volume: db.claimVolume('data'), path: '/data' },
        { volume: Volume.fromPersistentVolumeClaim({ claimName: 'data-db-0' }, { name: 'again' }), path: '/again' },
      ],
    });
    expect(() => render(db)).toThrow(
      'dev/shop/db: field volumes: not allowed (got "again"). Allowed: no second mount of claim template "data"',
    );
  });

  test('duplicate claim templates and unknown ones are refused', () => {
    const { app } = makeApp();
    const db = new StatefulSet(app, 'db', { volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }] });
    expect(() => db.addVolumeClaimTemplate({ name: 'data', storage: Size.gibibytes(2) })).toThrow(
      'dev/shop/db: field volumeClaimTemplates[1].name: not allowed (got "data"). Allowed: a claim template name not already used by this StatefulSet',
    );
    expect(() => db.claimVolume('logs')).toThrow(
      'dev/shop/db: field volumeClaimTemplates: not allowed (got "logs"). Allowed: the name of a claim template (data)',
    );
  });
});

describe('CronJob', () => {
  test('renders the schedule, concurrency policy and history limits', () => {
    const { app } = makeApp();
    const backup = new CronJob(app, 'backup', {
      schedule: Schedule.cron('0 2 * * *'),
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 5,
      containers: [{ image: 'backup:1.0.0' }],
    });
    const spec = render(backup).spec;
    expect(spec).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 1,
    });
    expect(spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('backup');
  });

  test('schedule helpers write cron expressions; concurrency defaults to Forbid', () => {
    expect(Schedule.daily().expression).toBe('0 0 * * *');
    expect(Schedule.daily({ hour: 3, minute: 30 }).expression).toBe('30 3 * * *');
    expect(Schedule.hourly(15).expression).toBe('15 * * * *');
    expect(Schedule.weekly(1, { hour: 4 }).expression).toBe('0 4 * * 1');
    expect(Schedule.every(15).expression).toBe('*/15 * * * *');
    expect(() => Schedule.every(90)).toThrow(
      'Schedule.every: field minutes: not a whole number of minutes from 1 to 59 (got 90). Allowed: a whole number from 1 to 59. Use Schedule.cron() for longer periods.',
    );
    expect(Schedule.cron('@daily').expression).toBe('@daily');
    const { app } = makeApp();
    expect(
      render(new CronJob(app, 'c', { schedule: '*/5 * * * MON-FRI', containers: [{ image: 'c:1' }] })).spec
        .concurrencyPolicy,
    ).toBe('Forbid');
  });

  test('malformed schedules are refused with the reason', () => {
    expect(() => Schedule.cron('0 2 * *')).toThrow(
      'Schedule.cron: field expression: not a valid schedule: expected 5 fields (minute hour day-of-month month day-of-week), found 4 (got "0 2 * *").',
    );
    expect(() => Schedule.cron('61 * * * *')).toThrow(/minute field "61" is out of range; allowed 0-59/);
    expect(() => Schedule.cron('@sometimes')).toThrow(/unknown macro/);
    expect(() => Schedule.daily({ hour: 24 })).toThrow(/hour field "24" is out of range/);
    const { app } = makeApp();
    expect(() => new CronJob(app, 'c', { schedule: '* * * * * *', containers: [{ image: 'c:1' }] })).toThrow(
      'dev/shop/c: field schedule: not allowed (got "* * * * * *"). Allowed: a cron schedule: expected 5 fields (minute hour day-of-month month day-of-week), found 6. Write 5 fields',
    );
    expect(
      () => new CronJob(makeApp().app, 'c', { schedule: Schedule.daily(), successfulJobsHistoryLimit: -1 }),
    ).toThrow('dev/shop/c: field successfulJobsHistoryLimit: not allowed (got -1). Allowed: a whole number >= 0');
  });
});

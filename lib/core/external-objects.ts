import { IConstruct } from 'constructs';
import { Application } from './application';

const EXTERNAL = Symbol.for('berth.external-objects');
const NONE: readonly string[] = Object.freeze([]);

interface Holder {
  [EXTERNAL]?: Set<string>;
}

/**
 * Objects an app refers to but does not create (a Secret managed by External Secrets, a claim
 * provisioned by hand): declaring them tells validation that references to them are intended.
 * `SecretRef.fromName` and `PersistentVolumeClaim.fromClaimName` declare theirs.
 *
 * @example
 * import { Platform, Environment, Application, ExternalObjects } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'db');
 * ExternalObjects.of(app).declare('ConfigMap', 'cluster-ca');
 */
export class ExternalObjects {
  /** The external objects of the app `scope` belongs to. */
  public static of(scope: IConstruct): ExternalObjects {
    return new ExternalObjects(Application.of(scope));
  }

  /** Every declaration under `root`, as `Kind/namespace/name`, sorted. */
  public static collect(root: IConstruct): string[] {
    const out = new Set<string>();
    for (const c of root.node.findAll()) {
      for (const e of ExternalObjects.declaredOn(c)) out.add(e);
    }
    return [...out].sort();
  }

  /** The declarations held by `c` itself (an Application), as `Kind/namespace/name`. */
  public static declaredOn(c: IConstruct): readonly string[] {
    const set = (c as unknown as Holder)[EXTERNAL];
    return set ? [...set] : NONE;
  }

  private constructor(private readonly app: Application) {}

  /** Declares `kind`/`name` (in the app's namespace unless `namespace` is given) as external. */
  public declare(kind: string, name: string, namespace?: string): void {
    const holder = this.app as unknown as Holder;
    if (!holder[EXTERNAL]) {
      Object.defineProperty(holder, EXTERNAL, { value: new Set<string>(), enumerable: false });
    }
    const ns = namespace ?? this.app.namespace;
    holder[EXTERNAL]!.add(ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`);
  }
}

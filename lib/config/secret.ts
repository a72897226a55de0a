import { ApiResource } from '../core/api-resource';
import { ExternalObjects } from '../core/external-objects';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkConfigKey, checkDnsSubdomain, checkNameAndLabels, checkUnicode } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { InvalidInputError } from '../core/invalid-input-error';

/** A Secret by name, with the keys it is known to hold. */
export interface ISecret {
  /** `metadata.name`, for workloads that mount or read it. */
  readonly secretName: string;
  /** The keys the secret holds; undefined when not declared. */
  readonly keys?: readonly string[];
}

/** A key of a Secret, for `secretKeyRef`. */
export interface SecretKeySelector {
  readonly secretName: string;
  readonly key: string;
}

/** Options of {@link SecretRef.fromName}. */
export interface SecretRefOptions {
  /** The keys the secret holds; `key()` refuses others. @default - not declared: any key */
  readonly keys?: readonly string[];
}

/**
 * A Secret managed outside the app (by an operator, External Secrets, sealed secrets or by
 * hand): a name and its keys. Nothing is written to the output, so no secret value ever is.
 *
 * @example
 * import { Platform, Environment, Application, SecretRef } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'db');
 * const creds = SecretRef.fromName(app, 'mysql-credentials', { keys: ['username', 'password'] });
 * const password = creds.key('password'); // { secretName: 'mysql-credentials', key: 'password' }
 */
export class SecretRef implements ISecret {
  /** Refers to the secret `name` of the app's namespace. */
  public static fromName(scope: Construct, name: string, options: SecretRefOptions = {}): SecretRef {
    const where = `${scope.node.path}/SecretRef(${name})`;
    checkDnsSubdomain(where, 'secretName', name);
    const keys = options.keys?.map((k, i) => checkConfigKey(where, `keys[${i}]`, k));
    ExternalObjects.of(scope).declare('Secret', name);
    return new SecretRef(where, name, keys);
  }

  private constructor(
    private readonly where: string,
    public readonly secretName: string,
    public readonly keys?: readonly string[],
  ) {}

  /** A key of the secret; refused when the secret declares its keys and this is not one. */
  public key(key: string): SecretKeySelector {
    return { secretName: this.secretName, key: checkDeclaredKey(this.where, this, key) };
  }
}

/** Props of a {@link Secret}. */
export interface SecretProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The Secret type. @default 'Opaque' */
  readonly type?: string;
  /**
   * Literal values. They are written (base64-encoded, which is not encryption) into the
   * manifests, so they need `allowPlaintextInOutput: true`.
   * @default - none
   */
  readonly stringData?: Readonly<Record<string, string>>;
  /**
   * Acknowledges that `stringData` values end up readable in the output (git, CI logs, the
   * Helm chart). Prefer {@link SecretRef} for real credentials.
   * @default false
   */
  readonly allowPlaintextInOutput?: boolean;
  /** @default false */
  readonly immutable?: boolean;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Secret written by the app. Literal values need an explicit opt-in
 * (`allowPlaintextInOutput: true`); for credentials managed elsewhere use
 * {@link SecretRef.fromName}.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/
 * @example
 * import { Platform, Environment, Application, Secret } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * new Secret(app, 'DevDb', { stringData: { password: 'dev-only' }, allowPlaintextInOutput: true });
 */
export class Secret extends ApiResource implements ISecret {
  public readonly secretName: string;

  private readonly values = new Map<string, string>();

  public constructor(
    scope: Construct,
    id: string,
    private readonly secretProps: SecretProps = {},
  ) {
    super(scope, id, k8s.Secret.GVK, {
      metadata: metadata({ name: secretProps.name, labels: secretProps.labels }),
      type: secretProps.type ?? 'Opaque',
      immutable: secretProps.immutable,
    });
    const props = secretProps;
    checkNameAndLabels(this.node.path, props);
    for (const [k, v] of Object.entries(props.stringData ?? {})) this.addStringData(k, v);
    this.secretName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return {
      ...super.renderFields(),
      data:
        this.values.size > 0
          ? Object.fromEntries([...this.values].map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]))
          : undefined,
    };
  }

  /** The keys, sorted. */
  public get keys(): string[] {
    return [...this.values.keys()].sort();
  }

  /** Adds a literal value (needs `allowPlaintextInOutput: true`). */
  public addStringData(key: string, value: string): void {
    if (this.secretProps.allowPlaintextInOutput !== true) {
      throw new InvalidInputError(
        this.node.path,
        `stringData.${key}`,
        undefined,
        'a literal secret value would be written readable into the output',
        'literal values only with allowPlaintextInOutput: true',
        'Refer to a secret managed outside the app with SecretRef.fromName(scope, name, { keys }), or opt in with allowPlaintextInOutput: true for non-production values.',
      );
    }
    checkConfigKey(this.node.path, `stringData.${key}`, key);
    // Encoded as UTF-8, an unpaired surrogate would silently become U+FFFD: another secret.
    checkUnicode(this.node.path, `stringData.${key}`, value, true);
    if (this.values.has(key)) {
      throw new InvalidInputError(
        this.node.path,
        `stringData.${key}`,
        key,
        'the key is already set',
        'each key once',
        'Use another key.',
      );
    }
    this.values.set(key, value);
  }

  /** A key of the secret, for `secretKeyRef`; refused when the key is not set. */
  public key(key: string): SecretKeySelector {
    return { secretName: this.secretName, key: checkDeclaredKey(this.node.path, this, key) };
  }
}

function checkDeclaredKey(where: string, secret: ISecret, key: string): string {
  if (secret.keys !== undefined && !secret.keys.includes(key)) {
    throw new InvalidInputError(
      where,
      'key',
      key,
      `the secret ${JSON.stringify(secret.secretName)} has no such key`,
      secret.keys.map((k) => JSON.stringify(k)).join(', ') || '(no keys)',
      'Use one of them or declare the key.',
    );
  }
  return key;
}

import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ApiResource } from '../core/api-resource';
import { InvalidInputError } from '../core/invalid-input-error';

/** When Helm runs a hook. */
export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-rollback'
  | 'post-rollback';

/** When Helm deletes a hook's object. */
export type HookDeletePolicy = 'before-hook-creation' | 'hook-succeeded' | 'hook-failed';

/** Options of {@link HelmHook.on}. */
export interface HookOptions {
  /** Order among hooks of one event (lower first). @default - none (Helm treats it as 0) */
  readonly weight?: number;
  /** When Helm deletes the object. @default - none (Helm's default: before-hook-creation) */
  readonly deletePolicy?: readonly HookDeletePolicy[];
}

const EVENTS = new WeakMap<ApiObject, string[]>();

/** The API object of `c`: itself, its `Resource` child, or its only API object. */
function apiObjectOf(c: IConstruct): ApiObject {
  if (ApiObject.isApiObject(c)) return c;
  const resource = c.node.tryFindChild('Resource');
  if (resource && ApiObject.isApiObject(resource)) return resource;
  const all = c.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x));
  if (all.length === 1) return all[0];
  throw new InvalidInputError(
    c.node.path,
    'HelmHook.of(construct)',
    `${all.length} API objects`,
    'HelmHook needs one API object',
    'an API object, or a construct holding exactly one',
    'Pass the object itself (e.g. the Job).',
  );
}

/**
 * Makes an object (typically a Job) a Helm hook by annotating it with `helm.sh/hook`,
 * `helm.sh/hook-weight` and `helm.sh/hook-delete-policy`. Plain output keeps the same
 * annotations, so both outputs stay the same objects.
 *
 * @example
 * import { Platform, Environment, Application, HelmHook, ApiResource } from 'berth-k8s';
 * const platform = new Platform();
 * const dev = new Environment(platform, 'dev', { config: {} });
 * const shop = new Application(dev, 'shop');
 * const migrate = new ApiResource(shop, 'migrate', { apiVersion: 'batch/v1', kind: 'Job' });
 * HelmHook.of(migrate).on('pre-install', { weight: -5, deletePolicy: ['before-hook-creation', 'hook-succeeded'] });
 */
export class HelmHook {
  /** The hook facade of `construct` (an API object, or a construct holding one). */
  public static of(construct: IConstruct): HelmHook {
    return new HelmHook(apiObjectOf(construct));
  }

  private constructor(private readonly object: ApiObject) {}

  /** Runs the object on `event` (call again to add events; options apply to the object). */
  public on(event: HookEvent, options: HookOptions = {}): this {
    const events = EVENTS.get(this.object) ?? [];
    if (!events.includes(event)) events.push(event);
    EVENTS.set(this.object, events);
    this.object.metadata.addAnnotation('helm.sh/hook', events.join(','));
    if (options.weight !== undefined) {
      if (!Number.isInteger(options.weight)) {
        throw new InvalidInputError(
          this.object.node.path,
          'on(event, options.weight)',
          options.weight,
          'not a whole number',
          'a whole number (lower runs first)',
          'Use e.g. -5 or 10.',
        );
      }
      this.object.metadata.addAnnotation('helm.sh/hook-weight', String(options.weight));
    }
    if (options.deletePolicy && options.deletePolicy.length > 0) {
      this.object.metadata.addAnnotation('helm.sh/hook-delete-policy', [...new Set(options.deletePolicy)].join(','));
    }
    return this;
  }
}

/** Props of a {@link HelmTest}. */
export interface HelmTestProps {
  /** The image to run. */
  readonly image: string;
  /** The command. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** The arguments. @default - none */
  readonly args?: readonly string[];
  /** When Helm deletes the test Pod. @default ['before-hook-creation', 'hook-succeeded'] */
  readonly deletePolicy?: readonly HookDeletePolicy[];
}

/**
 * A Helm test: a Pod annotated `helm.sh/hook: test` that `helm test <release>` runs. It runs
 * as non-root with no privileges, small resources and `restartPolicy: Never`.
 *
 * @example
 * import { Platform, Environment, Application, HelmTest } from 'berth-k8s';
 * const platform = new Platform();
 * const dev = new Environment(platform, 'dev', { config: {} });
 * const shop = new Application(dev, 'shop');
 * new HelmTest(shop, 'smoke', { image: 'curlimages/curl:8.10.1', args: ['-fsS', 'http://frontend/healthz'] });
 */
export class HelmTest extends Construct {
  /** The test Pod. */
  public readonly pod: ApiResource;

  public constructor(scope: Construct, id: string, props: HelmTestProps) {
    super(scope, id);
    const deletePolicy = props.deletePolicy ?? ['before-hook-creation', 'hook-succeeded'];
    this.pod = new ApiResource(this, 'Resource', { apiVersion: 'v1', kind: 'Pod' }, {
      metadata: { annotations: { 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': deletePolicy.join(',') } },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'test',
            image: props.image,
            command: props.command ? [...props.command] : undefined,
            args: props.args ? [...props.args] : undefined,
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
          },
        ],
      },
    } as { metadata: object });
  }
}

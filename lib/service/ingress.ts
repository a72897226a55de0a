import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Application, Labels } from '../core/application';
import { readableName } from '../core/names';
import { ISecretSource } from '../core/object-sources';
import { checkDnsLabel, checkDnsSubdomain, checkPort, invalid } from '../core/input-checks';
import { Service } from './service';

/** Props of an {@link Ingress}. */
export interface IngressProps {
  /** The object name. @default - the construct id, as a DNS label */
  readonly name?: string;
  /** The IngressClass (`nginx`, `traefik`, ...). @default - the cluster's default class */
  readonly ingressClassName?: string;
}

/** Options of {@link Ingress.addRule}. */
export interface IngressRuleOptions {
  /** @default 'Prefix' */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
}

interface Rule {
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly service: Service;
  readonly port: number;
}

/**
 * Routes HTTP(S) by host and path to Services.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, Ingress } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080, name: 'http' }] }] });
 * const ingress = new Ingress(app, 'public', { ingressClassName: 'nginx' });
 * ingress.addRule('shop.example.com', '/', web.exposeViaService(), 8080);
 * ingress.addTls(['shop.example.com'], { secretName: 'shop-tls' });
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export class Ingress extends ApiResource {
  private readonly rules: Rule[] = [];
  private readonly tls: { hosts: string[]; secretName: string }[] = [];
  private readonly ingressClassName: string | undefined;

  public constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id, k8s.Ingress.GVK, { metadata: { name: props.name ?? readableName([id]) } });
    const path = this.node.path;
    Application.of(this);
    checkDnsLabel(path, 'name', this.name);
    if (props.ingressClassName !== undefined) checkDnsSubdomain(path, 'ingressClassName', props.ingressClassName);
    this.ingressClassName = props.ingressClassName;
    this.metadata.addLabel(Labels.NAME, this.name);
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: this.renderSpec(this.ingressClassName) };
  }

  /**
   * Routes `host` + `path` to `service` on `port` (default: the Service's only port).
   * `host` may be `*.example.com`, or `''` for every host.
   */
  public addRule(host: string, path: string, service: Service, port?: number, options: IngressRuleOptions = {}): void {
    const f = `rules[${this.rules.length}]`;
    if (host !== '' && !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host)) {
      throw invalid(
        this.node.path,
        `${f}.host`,
        host,
        'a lower-case DNS name, optionally starting with "*."',
        'write e.g. "shop.example.com"',
      );
    }
    if (!path.startsWith('/')) {
      throw invalid(this.node.path, `${f}.path`, path, 'an absolute path starting with "/"', `write "/${path}"`);
    }
    if (port !== undefined) checkPort(this.node.path, `${f}.backend.port`, port);
    if (this.rules.some((r) => r.host === host && r.path === path)) {
      throw invalid(
        this.node.path,
        `${f}.path`,
        `${host}${path}`,
        'a host and path not already routed by this Ingress',
        'route each host and path once',
      );
    }
    this.rules.push({ host, path, pathType: options.pathType ?? 'Prefix', service, port: port ?? 0 });
  }

  /** Terminates TLS for `hosts` with the certificate in `secret` (type kubernetes.io/tls). */
  public addTls(hosts: readonly string[], secret: ISecretSource): void {
    this.tls.push({ hosts: [...hosts], secretName: secret.secretName });
  }

  private renderSpec(ingressClassName: string | undefined): unknown {
    if (this.rules.length === 0) {
      throw invalid(
        this.node.path,
        'rules',
        [],
        'at least one rule',
        'call ingress.addRule(host, path, service, port)',
      );
    }
    const hosts = [...new Set(this.rules.map((r) => r.host))];
    return {
      ingressClassName,
      rules: hosts.map((host) => ({
        host: host === '' ? undefined : host,
        http: {
          paths: this.rules
            .filter((r) => r.host === host)
            .map((r, i) => ({
              path: r.path,
              pathType: r.pathType,
              backend: { service: { name: r.service.name, port: { number: this.portOf(r, i) } } },
            })),
        },
      })),
      tls: this.tls.length ? this.tls : undefined,
    };
  }

  private portOf(rule: Rule, i: number): number {
    if (rule.port !== 0) return rule.port;
    const ports = rule.service.ports;
    if (ports.length !== 1) {
      throw invalid(
        this.node.path,
        `rules[${i}].backend.port`,
        undefined,
        `a port, since Service ${rule.service.name} has ${ports.length} ports`,
        'pass the port to addRule()',
      );
    }
    return ports[0].port;
  }
}

import { Construct } from 'constructs';
import * as cm from '../imports/cert-manager.io';
import { ApiResource } from '../core/api-resource';
import { Labels } from '../core/application';
import { readableName } from '../core/names';
import { ISecretSource } from '../core/object-sources';
import { checkDnsLabel, checkDnsSubdomain, invalid } from '../core/input-checks';
import { checkHostname } from './gateway';

/** The cert-manager issuer of a {@link Certificate}. */
export interface CertificateIssuer {
  /** The issuer's name. */
  readonly name: string;
  /** @default 'ClusterIssuer' */
  readonly kind?: 'Issuer' | 'ClusterIssuer';
}

/** Props of a {@link Certificate}. */
export interface CertificateProps {
  /** The object name. @default - the construct id, as a DNS label */
  readonly name?: string;
  /** The DNS names the certificate is for (at least one). */
  readonly dnsNames: readonly string[];
  /** Who signs it. */
  readonly issuer: CertificateIssuer;
  /** The Secret cert-manager writes the key pair into. @default - `<name>-tls` */
  readonly secretName?: string;
}

/**
 * A cert-manager Certificate: cert-manager keeps a TLS Secret for `dnsNames` signed by the
 * issuer. It is accepted wherever a Secret is (a Gateway listener's `certificate`,
 * `ingress.addTls`), as the Secret it writes.
 *
 * @example
 * import { Platform, Environment, Application, Certificate } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'edge');
 * new Certificate(app, 'shop', { dnsNames: ['shop.example.com'], issuer: { name: 'letsencrypt' } });
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export class Certificate extends ApiResource implements ISecretSource {
  /** The Secret holding the certificate and key (type kubernetes.io/tls). */
  public readonly secretName: string;

  public constructor(
    scope: Construct,
    id: string,
    private readonly certificateProps: CertificateProps,
  ) {
    super(scope, id, cm.Certificate.GVK, { metadata: { name: certificateProps.name ?? readableName([id]) } });
    const path = this.node.path;
    checkDnsLabel(path, 'name', this.name);
    if (certificateProps.dnsNames.length === 0) {
      throw invalid(path, 'dnsNames', [], 'at least one DNS name', "pass dnsNames: ['shop.example.com']");
    }
    certificateProps.dnsNames.forEach((d, i) => checkHostname(path, `dnsNames[${i}]`, d));
    checkDnsSubdomain(path, 'issuer.name', certificateProps.issuer.name);
    const kind = certificateProps.issuer.kind;
    if (kind !== undefined && kind !== 'Issuer' && kind !== 'ClusterIssuer') {
      throw invalid(path, 'issuer.kind', kind, "'Issuer' or 'ClusterIssuer'", 'pick one of these');
    }
    this.secretName = checkDnsSubdomain(path, 'secretName', certificateProps.secretName ?? `${this.name}-tls`);
    this.metadata.addLabel(Labels.NAME, this.name);
  }

  protected override renderFields(): Record<string, unknown> {
    const p = this.certificateProps;
    const spec: cm.CertificateSpec = {
      secretName: this.secretName,
      dnsNames: [...p.dnsNames],
      issuerRef: { name: p.issuer.name, kind: p.issuer.kind ?? 'ClusterIssuer', group: 'cert-manager.io' },
    };
    return { spec };
  }
}

import { readFileSync } from 'fs';
import { kindOf } from '../../lib/import/k8s-to-ir';
import { nameDefinitions } from '../../lib/import/k8s-naming';
import { compareVersionPreference, pascalCase, propertyKey, quoteString } from '../../lib/import/names';
import { K8S_SCHEMA } from './helpers';

const definitions = (JSON.parse(readFileSync(K8S_SCHEMA, 'utf8')) as { definitions: Record<string, unknown> })
  .definitions;
const names = nameDefinitions(Object.keys(definitions), (id) => kindOf(definitions[id]) !== undefined);

describe('names of Kubernetes definitions', () => {
  test('a definition is named by the last segment of its id', () => {
    expect(names.get('io.k8s.api.core.v1.PodSpec')).toBe('PodSpec');
    expect(names.get('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')).toBe('ObjectMeta');
  });

  test('within a group the preferred version keeps the name and the others get a version suffix', () => {
    expect(names.get('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscaler');
    expect(names.get('io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscalerV1');
    expect(names.get('io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec')).toBe('HorizontalPodAutoscalerSpecV1');
    expect(names.get('io.k8s.api.networking.v1.IPAddress')).toBe('IPAddress');
    expect(names.get('io.k8s.api.networking.v1beta1.IPAddress')).toBe('IPAddressV1beta1');
    expect(names.get('io.k8s.api.certificates.v1beta1.ClusterTrustBundle')).toBe('ClusterTrustBundle');
    expect(names.get('io.k8s.api.certificates.v1alpha1.ClusterTrustBundle')).toBe('ClusterTrustBundleV1alpha1');
  });

  test('across groups the core group wins and the others get their group as a prefix', () => {
    expect(names.get('io.k8s.api.core.v1.Event')).toBe('Event');
    expect(names.get('io.k8s.api.events.v1.Event')).toBe('EventsEvent');
    expect(names.get('io.k8s.api.core.v1.EndpointPort')).toBe('EndpointPort');
    expect(names.get('io.k8s.api.discovery.v1.EndpointPort')).toBe('DiscoveryEndpointPort');
    expect(names.get('io.k8s.api.core.v1.ResourceClaim')).toBe('ResourceClaim');
    expect(names.get('io.k8s.api.resource.v1beta2.ResourceClaim')).toBe('ResourceResourceClaim');
    expect(names.get('io.k8s.api.resource.v1alpha3.ResourceClaim')).toBe('ResourceResourceClaimV1alpha3');
  });

  test('between other groups kinds win, then the preferred groups, then the group name', () => {
    expect(names.get('io.k8s.api.rbac.v1.Subject')).toBe('Subject');
    expect(names.get('io.k8s.api.flowcontrol.v1.Subject')).toBe('FlowcontrolSubject');
    expect(names.get('io.k8s.api.authentication.v1.TokenRequest')).toBe('TokenRequest');
    expect(names.get('io.k8s.api.storage.v1.TokenRequest')).toBe('StorageTokenRequest');
    expect(names.get('io.k8s.api.admissionregistration.v1.ServiceReference')).toBe('ServiceReference');
    expect(names.get('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ServiceReference')).toBe(
      'ApiextensionsServiceReference',
    );
    expect(names.get('io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.ServiceReference')).toBe(
      'ApiregistrationServiceReference',
    );
  });

  test('all names are unique', () => {
    expect(new Set(names.values()).size).toBe(Object.keys(definitions).length);
  });

  test('kinds are the definitions with exactly one group-version-kind and apiVersion and kind properties', () => {
    const kinds = Object.keys(definitions).filter((id) => kindOf(definitions[id]) !== undefined);
    expect(kinds).toHaveLength(177);
    expect(kinds).toContain('io.k8s.api.apps.v1.DeploymentList');
    expect(kinds).not.toContain('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  });
});

describe('naming helpers', () => {
  test('versions are ordered GA, beta, alpha, higher numbers first', () => {
    expect(['v1alpha1', 'v1beta1', 'v1', 'v2', 'v2beta2', 'v1beta2', 'foo'].sort(compareVersionPreference)).toEqual([
      'v2',
      'v1',
      'v2beta2',
      'v1beta2',
      'v1beta1',
      'v1alpha1',
      'foo',
    ]);
  });

  test('PascalCase splits on every non-alphanumeric character', () => {
    expect(pascalCase('app.kubernetes.io/name')).toBe('AppKubernetesIoName');
    expect(pascalCase('v1alpha1')).toBe('V1alpha1');
    expect(pascalCase('---')).toBe('Value');
  });

  test('property keys are bare identifiers or safely quoted strings', () => {
    expect(propertyKey('name')).toBe('name');
    expect(propertyKey('max-unavailable')).toBe("'max-unavailable'");
    expect(propertyKey('constructor')).toBe("'constructor'");
    expect(quoteString("a'b\\c\n\u2028`${x}`")).toBe("'a\\'b\\\\c\\n\\u2028`${x}`'");
  });
});

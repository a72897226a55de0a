import { child } from '../model/field-path';
import { asObject, Finding } from './finding';
import { ContainerAt, containersOf, PodTemplate } from './pod-templates';

/**
 * Container hygiene rules: resource requests and limits, pinned images, a read-only root
 * filesystem, and readiness probes on containers that receive Service traffic.
 */

/** Checks the containers of one pod template. `behindService`: a Service selects the pod. */
export function checkContainers(t: PodTemplate, behindService: boolean): Finding[] {
  const out: Finding[] = [];
  for (const c of containersOf(t)) {
    if (c.list === 'ephemeralContainers') continue;
    checkResources(c, out);
    checkImage(c, out);
    const sc = asObject(c.container.securityContext);
    if (sc.readOnlyRootFilesystem !== true) {
      out.push({
        rule: 'policy/read-only-root-filesystem',
        field: child(child(c.path, 'securityContext'), 'readOnlyRootFilesystem'),
        value: sc.readOnlyRootFilesystem,
        message: `container ${JSON.stringify(c.container.name)} can write to its root filesystem`,
        hint: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes (e.g. /tmp).',
      });
    }
    if (behindService && c.list === 'containers' && c.container.readinessProbe === undefined) {
      out.push({
        rule: 'policy/readiness-probe',
        field: child(c.path, 'readinessProbe'),
        message: `container ${JSON.stringify(c.container.name)} receives Service traffic but has no readiness probe`,
        hint: 'Add a readinessProbe (httpGet, tcpSocket, grpc or exec) so traffic only reaches ready pods.',
      });
    }
  }
  return out;
}

function checkResources(c: ContainerAt, out: Finding[]): void {
  const resources = asObject(c.container.resources);
  const base = child(c.path, 'resources');
  for (const [key, rule] of [
    ['requests', 'policy/resource-requests'],
    ['limits', 'policy/resource-limits'],
  ] as const) {
    const set = asObject(resources[key]);
    const missing = ['cpu', 'memory'].filter((r) => set[r] === undefined || set[r] === null);
    if (missing.length === 0) continue;
    out.push({
      rule,
      field: missing.length === 2 ? child(base, key) : child(child(base, key), missing[0]),
      message: `container ${JSON.stringify(c.container.name)} has no ${missing.join(' or ')} ${key.slice(0, -1)}`,
      hint: `Set resources.${key}.${missing.join(' and ')} (e.g. cpu: 250m, memory: 256Mi), or set the environment's default resources.`,
    });
  }
}

/** The tag of an image reference, `''` when untagged, undefined when pinned by digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > lastSlash ? image.slice(colon + 1) : '';
}

function checkImage(c: ContainerAt, out: Finding[]): void {
  const image = c.container.image;
  if (typeof image !== 'string') return;
  const tag = imageTag(image);
  if (tag === '' || tag === 'latest') {
    out.push({
      rule: 'policy/image-tag',
      field: child(c.path, 'image'),
      value: image,
      message:
        tag === ''
          ? `image ${JSON.stringify(image)} has no tag, so it means :latest and changes under you`
          : `image ${JSON.stringify(image)} uses the moving tag :latest`,
      hint: 'Pin a version tag (e.g. nginx:1.27.2) or a digest (nginx@sha256:...).',
    });
  }
}

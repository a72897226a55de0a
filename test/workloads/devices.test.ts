import { DeviceClass, Job, NetworkPolicies, ResourceClaimTemplate } from 'berth-k8s';
import { synthApp } from 'berth-k8s/testing';
import { makeApp, render } from '../workloads/_helpers';
import { thrownInvalidInput } from '../support/invalid-input';

const DEFAULTS = { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } } };
const P100 = "device.attributes['gpu.nvidia.com'].productName == 'Tesla P100'";

describe('Dynamic Resource Allocation', () => {
  test('a ResourceClaimTemplate renders its requests, CEL selectors and shared attribute', () => {
    const { app } = makeApp();
    const gpu = DeviceClass.fromName('gpu.nvidia.com');
    const t = new ResourceClaimTemplate(app, 'gpus', {
      requests: [
        { name: 'gpu', deviceClass: gpu, count: 2, selectors: [P100] },
        { name: 'nic', deviceClass: DeviceClass.fromName('rdma.example.com'), all: true },
      ],
      matchAttribute: 'resource.kubernetes.io/pcieRoot',
    });
    const json = render(t);
    expect(json.apiVersion).toBe('resource.k8s.io/v1beta2');
    expect(json.spec).toEqual({
      spec: {
        devices: {
          requests: [
            {
              name: 'gpu',
              exactly: { deviceClassName: 'gpu.nvidia.com', count: 2, selectors: [{ cel: { expression: P100 } }] },
            },
            { name: 'nic', exactly: { deviceClassName: 'rdma.example.com', allocationMode: 'All' } },
          ],
          constraints: [{ matchAttribute: 'resource.kubernetes.io/pcieRoot', requests: ['gpu', 'nic'] }],
        },
      },
    });
  });

  test('containers claim devices: resources.claims, and one pod resourceClaims entry per template', () => {
    const { app } = makeApp(DEFAULTS);
    NetworkPolicies.defaultDeny(app);
    const gpus = new ResourceClaimTemplate(app, 'gpus', {
      requests: [{ name: 'gpu', deviceClass: DeviceClass.fromName('gpu.nvidia.com'), count: 2 }],
    });
    const external = ResourceClaimTemplate.fromName('shared.nics');
    new Job(app, 'train', {
      containers: [
        { image: 'trainer:1.0', devices: [{ claim: gpus }, { claim: external, request: 'nic' }] },
        { image: 'monitor:1.0', devices: [{ claim: gpus, request: 'gpu' }] },
      ],
    });
    const objects = synthApp(app);
    const job = objects.find((o) => o.kind === 'Job') as unknown as {
      spec: { template: { spec: { resourceClaims: unknown; containers: { resources: unknown }[] } } };
    };
    const spec = job.spec.template.spec;
    expect(spec.resourceClaims).toEqual([
      { name: 'gpus', resourceClaimTemplateName: 'gpus' },
      { name: 'shared-nics', resourceClaimTemplateName: 'shared.nics' },
    ]);
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { cpu: '2', memory: '1Gi' },
      claims: [{ name: 'gpus' }, { name: 'shared-nics', request: 'nic' }],
    });
    expect(spec.containers[1].resources).toEqual(
      expect.objectContaining({ claims: [{ name: 'gpus', request: 'gpu' }] }),
    );
  });

  test('bad DRA input fails where it is written', () => {
    const { app } = makeApp();
    const gpu = DeviceClass.fromName('gpu.nvidia.com');
    expect(thrownInvalidInput(() => new ResourceClaimTemplate(app, 'a', { requests: [] })).field).toBe('requests');
    expect(
      thrownInvalidInput(
        () => new ResourceClaimTemplate(app, 'b', { requests: [{ name: 'gpu', deviceClass: gpu, count: 0 }] }),
      ).field,
    ).toBe('spec.devices.requests[0].exactly.count');
    expect(
      thrownInvalidInput(
        () => new ResourceClaimTemplate(app, 'c', { requests: [{ name: 'gpu', deviceClass: gpu, selectors: [' '] }] }),
      ).field,
    ).toBe('spec.devices.requests[0].exactly.selectors[0].cel.expression');
    expect(thrownInvalidInput(() => DeviceClass.fromName('GPU')).field).toBe('name');
    const t = ResourceClaimTemplate.fromName('gpus');
    expect(
      thrownInvalidInput(
        () => new Job(app, 'j', { containers: [{ image: 'x:1.0', devices: [{ claim: t }, { claim: t }] }] }),
      ).field,
    ).toBe('containers[0].devices[1]');
  });
});

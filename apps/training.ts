import {
  Application,
  DeviceClass,
  Environment,
  Job,
  Namespace,
  NetworkPolicies,
  ResourceClaimTemplate,
  Toleration,
} from 'berth-k8s';
import { PlatformConfig } from './config';

/**
 * A GPU training Job: two NVIDIA GPUs on a P100 node, tolerating the GPU taint (the device
 * plugin's `nvidia.com/gpu` extended resource); and the same training on Dynamic Resource
 * Allocation: a claim per pod for two GPUs of NVIDIA's DRA driver, selected by product name
 * with a CEL expression.
 */
export function training(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'training');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  new Job(app, 'train', {
    nodeSelector: { accelerator: 'nvidia-tesla-p100' },
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: 'NoSchedule' })],
    containers: [
      {
        image: 'nvcr.io/nvidia/pytorch:24.10-py3',
        command: ['python', '/workspace/train.py'],
        gpu: { count: 2, vendor: 'nvidia.com' },
      },
    ],
    backoffLimit: 1,
  });
  const gpus = new ResourceClaimTemplate(app, 'gpus', {
    requests: [
      {
        name: 'gpu',
        deviceClass: DeviceClass.fromName('gpu.nvidia.com'),
        count: 2,
        selectors: ["device.attributes['gpu.nvidia.com'].productName == 'Tesla P100'"],
      },
    ],
  });
  new Job(app, 'train-dra', {
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: 'NoSchedule' })],
    containers: [
      {
        image: 'nvcr.io/nvidia/pytorch:24.10-py3',
        command: ['python', '/workspace/train.py'],
        devices: [{ claim: gpus }],
      },
    ],
    backoffLimit: 1,
  });
  return app;
}

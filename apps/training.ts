import { Application, Environment, Job, Namespace, NetworkPolicies, Toleration } from 'berth-k8s';
import { PlatformConfig } from './config';

/** A GPU training Job: two NVIDIA GPUs on a P100 node, tolerating the GPU taint. */
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
  return app;
}

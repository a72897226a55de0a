export * from './horizontal-pod-autoscaler';
export * from './pod-disruption-budget';
export * from './scalable';

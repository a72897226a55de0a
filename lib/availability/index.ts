export * from './autoscaling-metric';
export * from './horizontal-pod-autoscaler';
export * from './pod-disruption-budget';
export * from './scalable';
export type { ScalingPolicy, ScalingRules } from './scaling-rules';

// `berth/testing`: helpers for the tests of a Berth platform (jest).
export * from './find';
export * from './matchers';
export * from './serializer';
export * from './synth';
export { computeFlows, isTrafficAllowed } from '../graph/compute-flows';

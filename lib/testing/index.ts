/*
 * `berth/testing`: helpers for the tests of a Berth platform (jest). Each name is listed on
 * purpose; etc/berth-testing.api.md records this surface (`npm run api:check`).
 */
export { findObject, findObjects } from './find';
export { berthMatchers, RESTRICTED_SECURITY_CONTEXT } from './matchers';
export type { SecurityContextExpectation } from './matchers';
export { yamlSerializer } from './serializer';
export { synthApp, synthEnvironment, synthPlatform } from './synth';
export type { TestSynthOptions } from './synth';
// The network flows the objects' NetworkPolicies allow, for assertions beyond `toAllowTraffic`.
export { computeFlows, isTrafficAllowed } from '../graph/compute-flows';
export type { ExternalFlow, Flow, NetworkFlows, ReachabilityMatrix } from '../graph/compute-flows';

export * from './build-graph';
export * from './compute-flows';
export * from './label-selector';
export * from './render-graph';

// The Helm chart output: typed values, conditionals, hooks, the emitter and packaging.
export * from './values';
export * from './conditional';
export * from './hooks';
export * from './chart-settings';
export type { ValueType, ValueConstraints } from './tokens';
export { emitHelm } from './emitter';
export { packageChart, packageCharts, repositoryIndex } from './package';
export type { PackagedChart } from './package';
export { runPackageCommand } from './package-command';

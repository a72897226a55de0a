// What a program declares about its app's Helm chart: typed values, conditionals, hooks and settings.
export * from './values';
export * from './conditional';
export * from './hooks';
export * from './chart-settings';
export type { ValueType, ValueConstraints } from './tokens';
export { VendoredChart, VendoredChartObject } from './vendored-chart';
export type { VendoredChartProps } from './vendored-chart';

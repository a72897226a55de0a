/**
 * `berth import`: Kubernetes swagger definitions and CRD YAML → typed TypeScript L1 constructs.
 *
 * Pipeline (one file per step): read-inputs → parse-crds → normalize → *-to-ir → emit → write.
 */
export type { ImportDiagnostic } from './diagnostics';
export { formatDiagnostic } from './diagnostics';
export type { ImportOptions, ImportResult } from './result';
export { importK8s } from './import-k8s';
export { importCrds } from './import-crds';
export type { CommandIo } from './cli';
export { runImportCommand, USAGE } from './cli';
export { rules as normalizeRules, normalizeSchema } from './normalize';
export { GENERATOR_VERSION } from './cache';
export { findPackageRoot, defaultK8sSchemaFile } from './package-root';
export type { ChartFiles } from './chart/read-chart';
export { ChartReadError, readChartFiles } from './chart/read-chart';
export type { ChartValuesProblem } from './chart/check-values';
export { checkChartValues } from './chart/check-values';
export { importChart, valuesTypeName } from './chart/import-chart';

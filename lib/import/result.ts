import { ImportDiagnostic } from './diagnostics';

/** Shared options of the import commands. */
export interface ImportOptions {
  readonly outDir: string;
  /** The module the generated code imports the runtime from. @default 'berth-k8s' */
  readonly runtimeModule?: string;
  /** Generating Berth's own `lib/imports/` (see `registerShippedKind`). @default false */
  readonly shipped?: boolean;
}

export interface ImportResult {
  /** Files written by this run. */
  readonly written: string[];
  /** Files already up to date (same inputs hash). */
  readonly unchanged: string[];
  readonly diagnostics: ImportDiagnostic[];
}

export const DEFAULT_RUNTIME_MODULE = 'berth-k8s';

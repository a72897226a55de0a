import type { OutputFormat } from '../emit/synth-options';

/**
 * What a synth carries over from the previous output (see StagedTree's `keep`): the charts
 * when writing plain YAML only, the plain YAML when writing charts only; when environments are
 * selected, also the other environments' folders and GitOps objects (Argo CD, Flux), which it does not write.
 * `berth diff` compares the rest: what a synth of the same format and selection replaces.
 */
export function keptFromPreviousOutput(
  rel: string,
  format: OutputFormat,
  selected: readonly string[] | undefined,
): boolean | 'partly' {
  if (rel === 'charts') return format === 'plain';
  if (format === 'helm') return true;
  if (!selected) return false;
  if (rel === 'argocd' || rel === 'flux') return 'partly';
  const env = rel.startsWith('argocd/') || rel.startsWith('flux/') ? rel.slice(rel.indexOf('/') + 1) : rel;
  return !selected.includes(env);
}

/**
 * Whether a synth of `format` and `selected` environments replaces the file at `file` (`/`-
 * separated, relative to the output): whether it is not kept, nor inside a kept folder.
 */
export function replacedBySynth(file: string, format: OutputFormat, selected: readonly string[] | undefined): boolean {
  const parts = file.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const kept = keptFromPreviousOutput(parts.slice(0, i).join('/'), format, selected);
    if (kept !== 'partly') return !kept;
  }
  // Kept "partly" is a folder whose entries are asked about; a file there is replaced.
  return true;
}

let library: typeof import('yaml') | undefined;

/**
 * The `yaml` library, loaded on first use: it is 70 modules, and a synth whose config is cached
 * and whose program reads no YAML file does not need it (cdk8s loads its own bundled copy).
 * Kept once loaded: `require` resolves its path again on every call, which cost more than the
 * parsing itself where a walk over a document's nodes asks for it at every node.
 */
export function yamlLibrary(): typeof import('yaml') {
  library ??= require('yaml') as typeof import('yaml');
  return library;
}

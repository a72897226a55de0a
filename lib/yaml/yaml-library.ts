/**
 * The `yaml` library, loaded on first use: it is 70 modules, and a synth whose config is cached
 * and whose program reads no YAML file does not need it (cdk8s loads its own bundled copy).
 */
export function yamlLibrary(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

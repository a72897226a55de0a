export * from './problem';
export * from './validate-manifests';

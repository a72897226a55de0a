export * from './invalid-input-error';
export * from './api-resource';
export * from './kind-registry';
export * from './resolve';
export * from './cluster-scoped';
export * from './external-objects';

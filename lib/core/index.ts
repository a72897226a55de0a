export * from './api-resource';
export * from './kind-registry';
export * from './resolve';

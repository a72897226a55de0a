export * from './argocd';

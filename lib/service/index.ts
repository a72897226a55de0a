export * from './ingress';
export * from './service';

export * from './certificate';
export * from './gateway';
export * from './ingress';
export * from './route';
export * from './service';

export * from './connections';
export * from './network-policies';
export * from './network-policy';
export * from './peer';
export * from './port';

export * from './persistent-volume-claim';
export * from './storage-class';
export * from './volume-snapshot-class';

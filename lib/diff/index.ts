export * from './diff-objects';
export * from './diff-outputs';
export * from './diff-files';
export * from './format-diff';
export { IMMUTABLE_FIELDS } from './immutable-fields';
export type { ImmutableField } from './immutable-fields';

export * from './depends-on';
export * from './custom-resource-definition';
export * from './include';

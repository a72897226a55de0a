export * from './depends-on';

export * from './cpu';
export * from './duration';
export * from './quantity';
export * from './size';

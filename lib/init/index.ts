export * from './init-project';
export { projectFiles } from './template/project-files';
export type { TemplateValues } from './template/project-files';

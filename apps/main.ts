import { referencePlatform } from './reference-platform';

export { referencePlatform };

/**
 * The reference platform: every app in every environment. `berth synth` loads this module
 * and synthesizes the exported `platform`. (Built in reference-platform.ts, so that a program
 * can build the platform without its vendored charts without building this one too.)
 */
export const platform = referencePlatform();

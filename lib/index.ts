// The public API of Berth. Each area has its own barrel; add a line per area.
export * from './core';
export * from './core/application';
export * from './core/environment';
export * from './core/names';
export * from './core/platform';
export * from './core/waivers';
export * from './synth/synthesizer';
export * from './synth/manifest';
export * from './validate';

// The catalog store's front door: what other folders may use.
export * from './database.js';
export * from './schema.js';
export * from './ids.js';
export * from './organisations.js';
export * from './portals.js';
export * from './datasets.js';
export * from './versions.js';
export * from './jobs.js';
export * from './api-keys.js';
export * from './deltas.js';
export * from './attachments.js';
export * from './aliases.js';
export * from './push-keys.js';

// The data plane's front door.
export * from './engine.js';
export * from './blob-store.js';
export * from './publish.js';
export * from './values.js';
export * from './rollback.js';
export * from './search-text.js';
export * from './read-copy.js';
export * from './purge.js';

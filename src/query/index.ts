// The query path's front door.
export * from './paging.js';
export * from './query-string.js';
export * from './records.js';
export * from './record.js';
export * from './record-id.js';
export * from './unsupported.js';
export * from './source.js';
export * from './plan.js';
export * from './explore-params.js';
export * from './exports.js';
export * from './facets.js';
export * from './catalog-source.js';
export * from './catalog-query.js';
export * from './legacy-v1.js';

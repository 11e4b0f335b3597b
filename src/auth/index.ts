export * from './visibility.js';
export * from './api-keys.js';

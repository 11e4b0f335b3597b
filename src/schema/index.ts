// Table Schema validation and the schema registry (issue [6/6], docs/schemas.md): what the rest
// of the platform may use.
export { validateFile, type ValidateOptions } from './validate.js';
export { validateContained } from './validate-contained.js';
export { conformanceLabel, type ValidationReport } from './report.js';
export { addSchema, findSchema, listSchemas, removeSchema, resolveSchema, shippedSchemas, type RegistryEntry, type ResolveContext } from './registry.js';
export { fieldTypesOf } from './field-types.js';
export type { Finding, Message, TableSchema } from './model.js';

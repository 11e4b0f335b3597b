// The ingest's front door.
export { publishFile, type PublishFileRequest, type PublishFileResult } from './publish-file.js';
export { detectEncoding, type TextEncoding } from './decode.js';
export { detectDelimiter, type Delimiter } from './csv.js';
export { isCodeName } from './typing.js';

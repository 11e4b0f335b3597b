// The ingest's front door.
export { processingOf, publishFile, type PublishFileRequest, type PublishFileResult } from './publish-file.js';
export { parseSteps, type Step } from './steps.js';
export { previewFile, type FilePreview } from './preview.js';
export { checkSchedule, publishFromUrl, refreshDataset, type PublishUrlRequest, type PublishUrlResult, type UrlSource } from './publish-url.js';
export { isForbiddenAddress, type FetchPolicy } from './remote.js';
export { fetchToFile } from './remote.js';
export type { ReadFacts, ReadOptions } from './prepare.js';
export { TEXT_ENCODINGS, type TextEncoding } from './decode.js';
export { Utf8Copy } from './utf8-copy.js';
export { byteLimit } from './byte-limit.js';
export { DELIMITERS, type Delimiter } from './csv.js';
export { isCodeName } from './typing.js';
export { compactDataset, pushRecords, type PushBatch, type PushResult } from './realtime.js';
export { odsDeleteRecord, odsPush, ODS_PUSH_MAX_BYTES, type OdsPushAction, type OdsPushRequest } from './ods-push.js';
export { parseReadOptions, type RawReadOptions } from './read-options.js';
export { attachFile, attachmentId, mimetypeOf } from './attachments.js';

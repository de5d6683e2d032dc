// Public API of the media layer: what the indexer and the rest of the engine may use.
export { MediaError } from './types.js';
export type { AnalyzedPhoto, ImageFormat, MediaErrorCode, PhotoMetadata } from './types.js';
export { analyzePhoto, DEFAULT_MAX_PIXELS, DEFAULT_PREVIEW_EDGE, type AnalyzeOptions } from './analyze.js';
export { readMetadata } from './metadata.js';
export { sniffFormat, SNIFF_BYTES, type SniffResult } from './sniff.js';
export { PHOTO_EXTENSIONS, RAW_EXTENSIONS, isPhotoFileName, extensionOf } from './extensions.js';
export { writeThumbnails, writeThumbnail, thumbnailPaths, SMALL_THUMB_EDGE, type ThumbnailPaths } from './thumbnails.js';

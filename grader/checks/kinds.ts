/**
 * THE list of check kinds: one line per kind (its file: see kind.ts). registry.ts derives the lab
 * schema of checks, the lookup by name and the runner from it.
 */
export { buildCheck } from './build';
export { cacheCheck } from './cache';
export { fileCheck } from './file';
export { runCheck } from './run';
export { imageSizeCheck } from './image-size';
export { secretCheck } from './secret';
export { contextCheck } from './context';
export { metadataCheck } from './metadata';
export { historyCheck } from './history';
export { layerCountCheck } from './layer-count';
export { wastedBytesCheck } from './wasted-bytes';
export { fileAbsentFromLayersCheck } from './file-absent-from-layers';
export { lintCheck } from './lint';

// The pure Atlas API core: client, cache, models, errors and id validation. No `vscode` import
// anywhere below this directory (ESLint enforces it), so all of it runs in plain Node.

export { createAtlasClient, ATLAS_ACCEPT, MAX_ITEMS_PER_PAGE, MAX_LIST_ITEMS } from './client';
export { OAuthTokenPool, MIN_TOKEN_LIFETIME_MS, systemClock } from './oauth';
export type { Clock } from './oauth';
export type { AtlasClient, AtlasClientOptions, AtlasCredentials } from './client';
export type { AtlasProjectReads } from './projectReads';
export { ATLAS_CLUSTERS_ACCEPT } from './projectReads';
export { createAtlasCache } from './cache';
export type {
  AtlasCache,
  AtlasCacheEvent,
  AtlasCacheOptions,
  CacheEntry,
  CachedKind,
  Disposable,
  FoundById,
} from './cache';
export {
  AtlasError,
  AtlasApiError,
  AtlasNetworkError,
  AtlasTimeoutError,
  AtlasCancelledError,
  AtlasUnreadableResponseError,
  AtlasAuthError,
  AtlasValidationError,
  formatAtlasError,
  isAtlasError,
} from './errors';
export type { ErrorAction, FieldViolation, UnreadableKind } from './errors';
export { validateAtlasId, requireAtlasId, isAtlasId } from './validate';
export type { AtlasIdCheck, AtlasIdKind } from './validate';
export { EXTENSION_NAME, EXTENSION_VERSION, defaultUserAgent } from './version';
export * from './models';
export * from './projectModels';

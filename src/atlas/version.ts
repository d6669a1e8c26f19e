// Kept in step with package.json by test/unit/atlas/version.test.ts. A constant rather than an import of
// package.json, so that the pure core has no file-layout assumptions (out/ vs the esbuild bundle).
export const EXTENSION_NAME = 'atlas-peering';
export const EXTENSION_VERSION = '0.1.0';

export function defaultUserAgent(): string {
  return `${EXTENSION_NAME}/${EXTENSION_VERSION} (node ${process.versions.node}; ${process.platform}; ${process.arch})`;
}

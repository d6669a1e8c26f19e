// Every command id the extension contributes, in one place (package.json must list the same ids;
// test/unit/manifest.test.ts checks both directions).
export const Commands = {
  setCredentials: 'atlasPeering.setCredentials',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

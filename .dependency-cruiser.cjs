// The layers of src/, checked by dependency-cruiser (npm run lint, so npm test runs it).
// See ARCHITECTURE.md for the picture. From the bottom up:
//   util ← atlas ← logging ← config ← credentials ← features ← extension
// configFiles (the pure config-file scanners) sits beside config and uses only atlas and util.
// A lower layer never imports a higher one; util imports none of them.
// Pure code is every file in src/atlas, src/configFiles, src/util and in any `pure/` folder: it
// never imports `vscode`, nor glue that does, so unit tests and benchmarks run it in plain Node.
// A `webview/` folder holds a page script (bundled for the browser): it follows the same rules.

const PURE = '^src/(atlas|configFiles|util)/|^src/[^/]+/(pure|webview)/';
const FEATURES = '^src/(tree|details|lookup|hover|diagnostics|codeLens|configEditor|iac)/';

/** A rule forbidding `from` to import anything in src/ outside `allowed` (its own folder included). */
function layer(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make the load order (and the layering) ambiguous.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('util-imports-no-layer', '^src/util/', ['util'], 'util is usable by every layer and imports none of them.'),
    layer('atlas-layer', '^src/atlas/', ['atlas', 'util'], 'The Atlas API client knows nothing of the extension.'),
    layer('logging-layer', '^src/logging/', ['logging', 'atlas', 'util'], 'The log sits right above the Atlas client.'),
    layer('config-layer', '^src/config/', ['config', 'logging', 'atlas', 'util'], 'Settings come before credentials.'),
    layer('configFiles-layer', '^src/configFiles/', ['configFiles', 'atlas', 'util'], 'Scanners only read text.'),
    layer(
      'credentials-layer',
      '^src/credentials/',
      ['credentials', 'config', 'logging', 'atlas', 'util'],
      'Credentials and sessions come before every feature.',
    ),
    {
      name: 'features-below-extension',
      comment: 'No feature imports the composition root (src/extension.ts, src/composition.ts).',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'feature-folders-only',
      comment: 'Code under src/ lives in a layer folder this file names, or is the composition root.',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: `^src/(util|atlas|logging|config|configFiles|credentials)/|${FEATURES}`,
      },
    },
    {
      name: 'pure-no-vscode',
      comment: 'Pure folders run in plain Node: no vscode import.',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^vscode$|node_modules/@types/vscode/' },
    },
    {
      name: 'pure-imports-pure',
      comment: 'Pure code may not reach vscode through glue either.',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^src/', pathNot: PURE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist)/' },
    // Type-only imports count too: a layer that names a higher layer's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exoticRequireStrings: [],
  },
};

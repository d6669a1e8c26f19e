// Bundles the extension into one file (dist/extension.js), as in microsoft/vscode-extension-samples' esbuild-sample.
// Type checking is `tsc --noEmit` (npm run check-types): esbuild only strips types.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format the `$esbuild-watch` problem matcher reads. */
const esbuildProblemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Parsers that only one feature needs are loaded on first use (src/configFiles/yamlLibrary.ts for YAML,
 * src/credentials/pure/atlasCliConfig.ts for TOML): the main bundle keeps `require('yaml')` as
 * `require('./yaml.js')`, and each parser is bundled into its own file beside it.
 */
const LAZY_MODULES = ['yaml', 'smol-toml'];
const lazyModulesPlugin = {
  name: 'lazy-modules',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_MODULES.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./${args.path}.js`, external: true }));
  },
};

async function main() {
  const shared = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
  };
  const lazyContexts = await Promise.all(
    LAZY_MODULES.map((name) =>
      esbuild.context({ ...shared, entryPoints: [require.resolve(name)], outfile: `dist/${name}.js` }),
    ),
  );
  // The details webview's page script: a second entry, for the browser, sharing the host's message
  // types and age formatter (src/details/webview/detailsPage.ts). dist/*.js ships (.vscodeignore).
  const pageContext = await esbuild.context({
    ...shared,
    entryPoints: ['src/details/webview/detailsPage.ts'],
    outfile: 'dist/details.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    plugins: [esbuildProblemMatcherPlugin],
  });
  // The scan worker thread's entry (src/configEditor/pure/scanWorker.ts): a second Node bundle, which
  // dist/extension.js starts as a worker for large config files. It loads yaml.js lazily as the host does.
  const workerContext = await esbuild.context({
    ...shared,
    entryPoints: ['src/configEditor/pure/scanWorker.ts'],
    outfile: 'dist/scanWorker.js',
    mainFields: ['module', 'main'],
    plugins: [lazyModulesPlugin, esbuildProblemMatcherPlugin],
  });
  const ctx = await esbuild.context({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // jsonc-parser's "main" is a UMD build whose dynamic require('./impl/format') esbuild cannot follow; its ESM build bundles.
    mainFields: ['module', 'main'],
    // See scripts/shims/whatwg-url.js: the polyfill is never used on Node 20.
    alias: { 'whatwg-url': './scripts/shims/whatwg-url.js' },
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
    metafile: true,
    plugins: [lazyModulesPlugin, esbuildProblemMatcherPlugin],
  });
  if (watch) {
    await Promise.all(lazyContexts.map((c) => c.rebuild()));
    await pageContext.watch();
    await workerContext.watch();
    await ctx.watch();
  } else {
    const all = [...lazyContexts, pageContext, workerContext, ctx];
    await Promise.all(all.map((c) => c.rebuild()));
    await Promise.all(all.map((c) => c.dispose()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

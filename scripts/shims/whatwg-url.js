// node-fetch v2 reads `require('url').URL || require('whatwg-url').URL`. Node 20 always has the
// built-in URL, so the ~280 KB whatwg-url polyfill (with tr46's Unicode tables) is dead weight in
// the bundle: esbuild.js aliases it to this one-liner.
module.exports = { URL: globalThis.URL };

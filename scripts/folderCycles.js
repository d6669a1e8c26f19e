#!/usr/bin/env node
// Fails when the folders of src/ import each other in a cycle (hover/ → configEditor/ → hover/),
// even where no single module cycle exists. dependency-cruiser's no-circular rule sees modules
// only, and its --collapse option summarises the graph by folder without re-checking rules on the
// summary (dependency-cruiser 17), so this reads the collapsed graph it prints and finds the
// cycles itself (Tarjan's strongly connected components). A `pure/` or `webview/` folder counts as
// part of the folder it sits in. Run by `npm run deps:check`.

'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const json = execFileSync(
  process.execPath,
  [cli, 'src', '--config', '.dependency-cruiser.cjs', '--collapse', '^src/[^/]+/', '--output-type', 'json'],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const isFolder = (name) => /^src\/[^/]+\/$/.test(name);
const edges = new Map();
for (const m of JSON.parse(json).modules) {
  if (isFolder(m.source)) {
    const to = m.dependencies.map((d) => d.resolved).filter((d) => isFolder(d) && d !== m.source);
    edges.set(m.source, [...new Set(to)]);
  }
}

const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let counter = 0;
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) {
      cycles.push(component.sort());
    }
  }
}
for (const v of edges.keys()) {
  if (!index.has(v)) {
    visit(v);
  }
}

if (cycles.length > 0) {
  for (const c of cycles) {
    console.error(`folder cycle: ${c.join(' ⇄ ')}`);
    for (const from of c) {
      const into = (edges.get(from) ?? []).filter((to) => c.includes(to));
      console.error(`  ${from} imports ${into.join(', ')}`);
    }
  }
  process.exit(1);
}
console.log(`✔ no folder cycles (${edges.size} folders)`);

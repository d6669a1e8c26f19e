#!/usr/bin/env node
// Copies the README and walkthrough screenshots from the UI tests' output (test-results/screenshots/, written by
// `npm run test:ui`) into media/screenshots/, cropped to the part that matters so that they stay small.
// The images in the README are therefore always ones the UI tests took against the Atlas simulator's demo data.
//   npm run test:ui && node scripts/updateScreenshots.js
// Cropping uses the same headless Chromium (playwright-core) as the UI tests: no image library needed.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..');
const FROM = path.join(ROOT, 'test-results', 'screenshots');
const TO = path.join(ROOT, 'media', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Clips are in the pixels of the UI tests' 1400×900 screenshots.
const SHOTS = [
  // test/ui/tree.ui.test.ts: the collapsed projects with their states, and the status bar item.
  { from: 'tree-estate-collapsed.png', to: 'estate.png', clip: { x: 0, y: 36, width: 610, height: 864 }, scale: 0.8 },
  // test/ui/tree.ui.test.ts: the tree with every status category, side bar widened.
  { from: 'tree-expanded.png', to: 'tree.png', clip: { x: 0, y: 36, width: 610, height: 640 } },
  // test/ui/details.ui.test.ts: details of the AWS connection waiting for acceptance, light theme.
  { from: 'details-aws-light.png', to: 'details.png', clip: { x: 345, y: 36, width: 965, height: 824 }, scale: 0.8 },
  // test/ui/hover.ui.test.ts: the hover over a peering id in a Terraform file.
  { from: 'hover-terraform.png', to: 'hover.png', clip: { x: 345, y: 36, width: 965, height: 520 }, scale: 0.9 },
  // test/ui/drift.ui.test.ts: a .tf value that differs from Atlas, with its quick fix.
  { from: 'drift-quick-fix.png', to: 'drift.png', clip: { x: 345, y: 36, width: 965, height: 600 }, scale: 0.9 },
];

async function main() {
  const missing = SHOTS.filter((s) => !fs.existsSync(path.join(FROM, s.from)));
  if (missing.length) {
    console.error(
      `missing ${missing.map((s) => s.from).join(', ')} in ${path.relative(ROOT, FROM)}: run \`npm run test:ui\` first`,
    );
    process.exit(1);
  }
  fs.mkdirSync(TO, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    for (const shot of SHOTS) {
      const scale = shot.scale ?? 1;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: scale });
      const data = fs.readFileSync(path.join(FROM, shot.from)).toString('base64');
      await page.setContent(
        `<body style="margin:0"><img id="i" style="display:block" src="data:image/png;base64,${data}"></body>`,
      );
      await page.waitForFunction(() => document.getElementById('i').complete);
      const file = path.join(TO, shot.to);
      await page.screenshot({ path: file, clip: shot.clip });
      await page.close();
      console.log(`${path.relative(ROOT, file)} <- ${shot.from} (${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

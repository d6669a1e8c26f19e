// First UI test: the workbench shows the Atlas Peering container in the activity bar, and opening it shows the
// Peering Connections view filled from the simulator (demo service account in the environment).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Workbench } from './workbench';

describe('workbench UI: activity bar', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.start();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`${this.currentTest.title}`);
    }
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the Atlas Peering container and opens its view', async () => {
    const item = wb.activityBarItem();
    assert.match((await item.getAttribute('aria-label')) ?? '', /^Atlas Peering/);
    await wb.openAtlasView();
    const title = await wb.sideBar().locator('.composite.title .title-label').first().innerText();
    assert.match(title, /Atlas Peering/i);
    // The demo seed's projects, listed through the service account the environment provides.
    await wb.treeRow('Production', 60_000);
    const rows = await wb.treeRows();
    for (const name of ['Production', 'Staging', 'Analytics']) {
      assert.ok(
        rows.some((r) => r.startsWith(name)),
        `no tree row for ${name}: ${JSON.stringify(rows)}`,
      );
    }
    assert.ok(
      wb.sim.requestLog.some((e) => e.authScheme === 'bearer' && e.status === 200),
      'no authenticated request reached the simulator',
    );
    const file = await wb.screenshot('activity-bar-atlas-view');
    assert.ok(fs.statSync(file).size > 10_000, 'screenshot is suspiciously small');
  });
});

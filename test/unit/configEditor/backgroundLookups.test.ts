// The bounds on background lookups: per-document and per-pass budgets, remembered 401/403/404/429,
// the back-off after a 429 and no request at all in an untrusted workspace. The clock is the test's.

import * as assert from 'node:assert/strict';
import {
  PER_DOCUMENT_LOOKUPS,
  REMEMBER_MS,
  RememberedFailures,
  runBackgroundPass,
  type LookupAnswer,
  type PeerKey,
} from '../../../src/configEditor/pure/backgroundLookups';

const hex = (n: number, salt: number): string => salt.toString(16).padStart(8, '0') + n.toString(16).padStart(16, '0');
const group = (n: number): string => hex(n, 1);
const peer = (n: number): string => hex(n, 2);

function keys(count: number, groupOf: (i: number) => string = () => group(0)): PeerKey[] {
  return Array.from({ length: count }, (_, i) => ({ groupId: groupOf(i), peerId: peer(i) }));
}

/** A lookup that answers `status` for matching keys and counts the requests it was asked for. */
function fakeAtlas(statusOf: (k: PeerKey) => number | undefined = () => undefined): {
  requests: PeerKey[];
  lookup: (k: PeerKey) => Promise<LookupAnswer<string>>;
} {
  const requests: PeerKey[] = [];
  return {
    requests,
    lookup: async (k) => {
      requests.push(k);
      await new Promise((r) => setImmediate(r));
      const status = statusOf(k);
      return status ? { value: 'failed', status, retryAfterMs: status === 429 ? 120_000 : undefined } : { value: 'ok' };
    },
  };
}

describe('background lookups (budget, remembered failures, back-off, trust)', () => {
  let time: number;
  const now = (): number => time;
  beforeEach(() => {
    time = 1_000_000;
  });

  it('a document naming 2,000 peers makes 50 requests; the other 1,950 are "not checked"', async () => {
    const atlas = fakeAtlas();
    const r = await runBackgroundPass([{ doc: 'a.tf', keys: keys(2000) }], atlas.lookup, {
      trusted: true,
      remembered: new RememberedFailures(now),
    });
    assert.equal(atlas.requests.length, PER_DOCUMENT_LOOKUPS);
    assert.equal(r.lookups, PER_DOCUMENT_LOOKUPS);
    assert.equal(r.notChecked.get('a.tf'), 2000 - PER_DOCUMENT_LOOKUPS);
  });

  it('passes after the first do not move on to the next 50: remembered answers count against the budget', async () => {
    const atlas = fakeAtlas(() => 404);
    const remembered = new RememberedFailures(now);
    const doc = { doc: 'a.tf', keys: keys(2000) };
    for (let pass = 0; pass < 10; pass++) {
      const r = await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered });
      assert.equal(r.notChecked.get('a.tf'), 2000 - PER_DOCUMENT_LOOKUPS);
    }
    assert.equal(atlas.requests.length, PER_DOCUMENT_LOOKUPS, '10 passes (open, then edits) ask 50 peers in all');
  });

  it('peers beyond the budget still get what is known without a request', async () => {
    const atlas = fakeAtlas();
    const r = await runBackgroundPass([{ doc: 'a.tf', keys: keys(60) }], atlas.lookup, {
      trusted: false,
      remembered: new RememberedFailures(now),
      peek: (k) => (k.peerId === peer(55) ? 'cached' : undefined),
    });
    assert.equal(atlas.requests.length, 0);
    assert.deepEqual(r.answers.get(`\u0000${group(0)}\u0000${peer(55)}`), { value: 'cached' });
    assert.equal(r.notChecked.get('a.tf'), 59);
  });

  it('a peer named twice, or in two documents, is looked up once', async () => {
    const atlas = fakeAtlas();
    const k = keys(3);
    await runBackgroundPass(
      [
        { doc: 'a.tf', keys: [...k, ...k] },
        { doc: 'b.tf', keys: k },
      ],
      atlas.lookup,
      { trusted: true, remembered: new RememberedFailures(now) },
    );
    assert.equal(atlas.requests.length, 3);
  });

  it('the pass budget caps many documents together', async () => {
    const atlas = fakeAtlas();
    const docs = Array.from({ length: 10 }, (_, d) => ({ doc: `d${d}.tf`, keys: keys(40, () => group(d + 1)) }));
    const r = await runBackgroundPass(docs, atlas.lookup, {
      trusted: true,
      remembered: new RememberedFailures(now),
      perPass: 120,
    });
    assert.equal(atlas.requests.length, 120);
    assert.equal(
      [...r.notChecked.values()].reduce((a, b) => a + b, 0),
      400 - 120,
    );
  });

  it('in an untrusted workspace no request is made', async () => {
    const atlas = fakeAtlas();
    const r = await runBackgroundPass([{ doc: 'a.tf', keys: keys(5) }], atlas.lookup, {
      trusted: false,
      remembered: new RememberedFailures(now),
    });
    assert.equal(atlas.requests.length, 0);
    assert.equal(r.notChecked.get('a.tf'), 5);
  });

  it('a 403 on a project is remembered for the project: the next pass asks nothing there', async () => {
    const forbidden = group(7);
    const atlas = fakeAtlas((k) => (k.groupId === forbidden ? 403 : undefined));
    const remembered = new RememberedFailures(now);
    const doc = { doc: 'a.tf', keys: keys(30, (i) => (i < 20 ? forbidden : group(8))) };
    await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.equal(atlas.requests.filter((k) => k.groupId === forbidden).length, 1);
    atlas.requests.length = 0;
    const second = await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.equal(atlas.requests.filter((k) => k.groupId === forbidden).length, 0);
    assert.equal((second.answers.get(`\u0000${forbidden}\u0000${peer(0)}`) as { status: number }).status, 403);
    time += REMEMBER_MS[403] + 1;
    atlas.requests.length = 0;
    await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.equal(atlas.requests.filter((k) => k.groupId === forbidden).length, 1, 'asked again once it expired');
  });

  it('401 is remembered for the profile and 404 for the peer', async () => {
    const remembered = new RememberedFailures(now);
    const gone = peer(3);
    const atlas = fakeAtlas((k) => (k.profile === 'bad' ? 401 : k.peerId === gone ? 404 : undefined));
    const docs = [
      { doc: 'a.tf', keys: keys(10).map((k) => ({ ...k, profile: 'bad' })) },
      { doc: 'b.tf', keys: keys(10) },
    ];
    await runBackgroundPass(docs, atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.equal(atlas.requests.filter((k) => k.profile === 'bad').length, 1);
    assert.equal(atlas.requests.filter((k) => !k.profile).length, 10);
    atlas.requests.length = 0;
    await runBackgroundPass(docs, atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.equal(atlas.requests.length, 9, 'only the peers that answered 200 are asked again');
    assert.ok(!atlas.requests.some((k) => k.peerId === gone || k.profile === 'bad'));
    remembered.forget({ peerId: gone });
    atlas.requests.length = 0;
    await runBackgroundPass(docs, atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.ok(
      atlas.requests.some((k) => k.peerId === gone),
      'forget() lets a refresh ask again',
    );
  });

  it('after a 429 the whole pass backs off, and the next passes wait for Retry-After', async () => {
    let answered = 0;
    const remembered = new RememberedFailures(now);
    const atlas = fakeAtlas(() => (++answered === 3 ? 429 : undefined));
    const doc = { doc: 'a.tf', keys: keys(40) };
    const first = await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered, concurrency: 1 });
    assert.equal(atlas.requests.length, 3, 'nothing after the 429');
    assert.equal(first.backedOff, true);
    assert.equal(first.notChecked.get('a.tf'), 37);
    atlas.requests.length = 0;
    time += REMEMBER_MS[429] + 1; // past the default, not past Retry-After (120 s)
    const second = await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered });
    assert.equal(atlas.requests.length, 0);
    assert.equal(second.backedOff, true);
    time += 120_000;
    await runBackgroundPass([doc], atlas.lookup, { trusted: true, remembered });
    assert.ok(atlas.requests.length > 0, 'asks again once Retry-After has passed');
  });

  it('forget() with no scope and expired entries leave nothing behind (no unbounded growth)', () => {
    const remembered = new RememberedFailures(now);
    for (let i = 0; i < 100; i++) {
      remembered.remember({ groupId: group(i), peerId: peer(i) }, 404);
    }
    assert.equal(remembered.size, 100);
    time += REMEMBER_MS[404] + 1;
    remembered.forget({ peerId: peer(0) });
    assert.equal(remembered.size, 0);
  });
  it('a superseded pass starts no new lookup and lets the ones in flight finish, so the next pass joins them', async () => {
    // The lookup shares a request in flight per key, as the cache does.
    const inFlight = new Map<string, Promise<LookupAnswer<string>>>();
    const requests: string[] = [];
    const release: Array<() => void> = [];
    const lookup = (k: PeerKey, ...rest: unknown[]): Promise<LookupAnswer<string>> => {
      assert.equal(rest.length, 0, 'a lookup is not handed the pass signal, so aborting the pass cancels nothing');
      let p = inFlight.get(k.peerId);
      if (!p) {
        requests.push(k.peerId);
        p = new Promise<void>((r) => release.push(r)).then(() => ({ value: 'failed', status: 404 }));
        inFlight.set(k.peerId, p);
      }
      return p;
    };
    const remembered = new RememberedFailures(now);
    const doc = { doc: 'a.tf', keys: keys(10) };
    const ctrl = new AbortController();
    const first = runBackgroundPass([doc], lookup, { trusted: true, remembered, concurrency: 4, signal: ctrl.signal });
    await new Promise((r) => setImmediate(r));
    assert.equal(requests.length, 4, 'four lookups in flight');
    ctrl.abort();
    const second = runBackgroundPass([doc], lookup, { trusted: true, remembered, concurrency: 4 });
    for (let i = 0; i < 20 && release.length > 0; i++) {
      release.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([first, second]);
    assert.equal(requests.length, 10, 'each of the 10 peers asked once');
    assert.equal((await second).answers.size, 10);
  });
});

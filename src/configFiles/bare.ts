// Bare 24-hex ids and Atlas API URLs, looked for in every format after its own scanner ran.

import { ref, type Collector, type FoundReference } from './references';

const BARE_ID = /\b[0-9a-f]{24}\b/g;
const ATLAS_URL = /\/groups\/([0-9a-f]{24})(?:\/(peers|containers)\/([0-9a-f]{24}))?\b/g;

/** Characters searched between two yields. */
const WINDOW = 1 << 18;
/** Longest match of ATLAS_URL (and of BARE_ID), so that a window's search sees a match that crosses its end. */
const OVERLAP = 128;

/**
 * Searches the text in windows, yielding between them: one regex search over 30 MB would be one
 * long block. A match is kept by the window its start falls in; each window's slice reaches one
 * character back and OVERLAP forward, so word boundaries and matches across the edge come out as
 * in a search of the whole text.
 */
export function* collectBare(text: string, out: Collector): Generator<void, void> {
  const urls: FoundReference[] = [];
  const bare: FoundReference[] = [];
  for (let w = 0; w < text.length || w === 0; w += WINDOW) {
    const from = Math.max(0, w - 1);
    const slice = text.slice(from, Math.min(text.length, w + WINDOW + OVERLAP));
    const inWindow = (index: number): boolean => index + from >= w && index + from < w + WINDOW;
    ATLAS_URL.lastIndex = 0;
    for (let m = ATLAS_URL.exec(slice); m; m = ATLAS_URL.exec(slice)) {
      if (!inWindow(m.index)) {
        continue;
      }
      const at = m.index + from;
      const groupStart = at + '/groups/'.length;
      urls.push(
        ref({
          id: m[1],
          range: { start: groupStart, end: groupStart + 24 },
          kind: 'project',
          source: 'bare',
          context: 'Atlas API URL',
        }),
      );
      if (m[2] && m[3]) {
        const start = at + m[0].length - 24;
        urls.push(
          ref({
            id: m[3],
            range: { start, end: start + 24 },
            kind: m[2] === 'peers' ? 'peer' : 'container',
            projectId: m[1],
            source: 'bare',
            context: 'Atlas API URL',
          }),
        );
      }
    }
    BARE_ID.lastIndex = 0;
    for (let m = BARE_ID.exec(slice); m; m = BARE_ID.exec(slice)) {
      // The slice starts one character early so that \b sees what precedes the window; a match
      // at the slice's own start is only a boundary if that is the text's start.
      if (inWindow(m.index) && (m.index > 0 || from === 0)) {
        const start = m.index + from;
        bare.push({ id: m[0], range: { start, end: start + 24 }, kind: 'unknown', source: 'bare' });
      }
    }
    yield;
    if (text.length === 0) {
      break;
    }
  }
  // Same order as one search of the whole text: URLs first, then bare ids.
  for (const r of urls) {
    out.refs.push(r);
  }
  for (const r of bare) {
    out.refs.push(r);
  }
}

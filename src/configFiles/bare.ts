// Bare 24-hex ids and Atlas API URLs, looked for in every format after its own scanner ran.

import { ref, type Collector } from './references';

const BARE_ID = /\b[0-9a-f]{24}\b/g;
const ATLAS_URL = /\/groups\/([0-9a-f]{24})(?:\/(peers|containers)\/([0-9a-f]{24}))?\b/g;

export function collectBare(text: string, out: Collector): void {
  ATLAS_URL.lastIndex = 0;
  for (let m = ATLAS_URL.exec(text); m; m = ATLAS_URL.exec(text)) {
    const groupStart = m.index + '/groups/'.length;
    out.refs.push(
      ref({
        id: m[1],
        range: { start: groupStart, end: groupStart + 24 },
        kind: 'project',
        source: 'bare',
        context: 'Atlas API URL',
      }),
    );
    if (m[2] && m[3]) {
      const start = m.index + m[0].length - 24;
      out.refs.push(
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
  for (let m = BARE_ID.exec(text); m; m = BARE_ID.exec(text)) {
    out.refs.push({ id: m[0], range: { start: m.index, end: m.index + 24 }, kind: 'unknown', source: 'bare' });
  }
}

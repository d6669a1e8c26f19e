// Bounds on the requests that background features (diagnostics, CodeLens) make for ids found in
// files. A file is input the user may not have written (a cloned repository, a generated state
// file), so what it can make the extension send with the user's credentials is limited:
//   - at most `perDocument` lookups per document and `perPass` per pass; the rest are reported
//     as "not checked" (a hover, the user's own gesture, still looks any of them up);
//   - answers that will not change soon are remembered: 404 for the peer, 403 for its project,
//     401 for the profile, 429 for the profile until Atlas's Retry-After has passed;
//   - after a 429 the rest of the pass makes no request at all.
// Pure: no `vscode` import; the clock is injectable for tests.

export interface PeerKey {
  profile?: string;
  groupId: string;
  /** The peer's id, or the container's when `container` is set. */
  peerId: string;
  /** A network container (the drift check of container resources) rather than a peer. */
  container?: true;
}

export const peerKeyString = (k: PeerKey): string =>
  `${k.profile ?? ''}\u0000${k.groupId}\u0000${k.peerId}${k.container ? '\u0000container' : ''}`;

export type RememberedStatus = 401 | 403 | 404 | 429;

/** How long each answer is remembered. A refresh of the peer (refreshPeer) forgets it sooner. */
export const REMEMBER_MS: Record<RememberedStatus, number> = {
  401: 5 * 60_000,
  403: 5 * 60_000,
  404: 60_000,
  429: 60_000,
};

export const PER_DOCUMENT_LOOKUPS = 50;
export const PER_PASS_LOOKUPS = 200;

export interface Remembered {
  status: RememberedStatus;
  errorCode?: string;
  message?: string;
  until: number;
}

export function isRememberedStatus(status: number | undefined): status is RememberedStatus {
  return status === 401 || status === 403 || status === 404 || status === 429;
}

/** Failures remembered per peer (404), project (403) or profile (401, 429). */
export class RememberedFailures {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly now: () => number = Date.now) {}

  private scopeOf(key: PeerKey, status: RememberedStatus): string {
    const profile = key.profile ?? '';
    switch (status) {
      case 404:
        return `peer\u0000${peerKeyString(key)}`;
      case 403:
        return `project\u0000${profile}\u0000${key.groupId}`;
      default:
        return `profile\u0000${profile}`;
    }
  }

  remember(
    key: PeerKey,
    status: RememberedStatus,
    details: { errorCode?: string; message?: string; retryAfterMs?: number } = {},
  ): void {
    const wait = status === 429 ? Math.max(REMEMBER_MS[429], details.retryAfterMs ?? 0) : REMEMBER_MS[status];
    const entry: Remembered = { status, until: this.now() + wait };
    if (details.errorCode) {
      entry.errorCode = details.errorCode;
    }
    if (details.message) {
      entry.message = details.message;
    }
    this.entries.set(this.scopeOf(key, status), entry);
  }

  /** The remembered answer that covers this peer (profile first, then project, then the peer). */
  recall(key: PeerKey): Remembered | undefined {
    const now = this.now();
    for (const status of [429, 401, 403, 404] as const) {
      const scope = this.scopeOf(key, status);
      const e = this.entries.get(scope);
      if (!e) {
        continue;
      }
      if (e.until <= now) {
        this.entries.delete(scope);
        continue;
      }
      if (e.status === status) {
        return e;
      }
    }
    return undefined;
  }

  /** Forgets what was remembered about a peer or project (all when no scope); expired entries go too. */
  forget(scope?: { groupId?: string; peerId?: string }): void {
    const now = this.now();
    for (const [k, e] of [...this.entries]) {
      const parts = k.split('\u0000');
      const expired = e.until <= now;
      const matches =
        !scope ||
        (parts[0] === 'peer' &&
          (!scope.groupId || parts[2] === scope.groupId) &&
          (!scope.peerId || parts[3] === scope.peerId)) ||
        (parts[0] === 'project' && !scope.peerId && parts[2] === scope.groupId) ||
        (parts[0] === 'profile' && !scope.groupId && !scope.peerId);
      if (expired || matches) {
        this.entries.delete(k);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What one background lookup answered, as far as the guard is concerned. */
export interface LookupAnswer<T> {
  value: T;
  /** HTTP status of a failure (401, 403, 404, 429 are remembered). */
  status?: number;
  errorCode?: string;
  message?: string;
  retryAfterMs?: number;
}

export interface PassDocument {
  /** A stable key of the document (its URI). */
  doc: string;
  /** The peers it names, in document order (duplicates allowed). */
  keys: PeerKey[];
}

export interface PassOptions<T = unknown> {
  /** False in an untrusted workspace: no request at all for ids found in files. */
  trusted: boolean;
  remembered: RememberedFailures;
  perDocument?: number;
  perPass?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** What is already known without a request (a cache), used for the peers the pass does not ask about. */
  peek?: (key: PeerKey) => T | undefined;
}

export interface PassResult<T> {
  /** Answers by peerKeyString: looked up in this pass, or remembered. */
  answers: Map<string, LookupAnswer<T> | Remembered>;
  /** Per document: how many distinct peers it names that were not checked (budget, back-off, trust). */
  notChecked: Map<string, number>;
  /** Requests this pass started. */
  lookups: number;
  /** True when a 429 (now or remembered) stopped the pass. */
  backedOff: boolean;
}

/**
 * Looks up the peers of every document within the budgets: each distinct peer at most once, a
 * remembered failure instead of a request, nothing after a 429, nothing when untrusted.
 */
export async function runBackgroundPass<T>(
  docs: readonly PassDocument[],
  lookup: (key: PeerKey) => Promise<LookupAnswer<T>>,
  options: PassOptions<T>,
): Promise<PassResult<T>> {
  const perDocument = options.perDocument ?? PER_DOCUMENT_LOOKUPS;
  const perPass = options.perPass ?? PER_PASS_LOOKUPS;
  const answers = new Map<string, LookupAnswer<T> | Remembered>();
  const planned = new Map<string, PeerKey>();
  const plannedFor = new Map<string, string[]>();
  const notChecked = new Map<string, number>();
  let backedOff = false;
  /** A peer the pass will not ask about: answered from what is known, else counted as not checked. */
  const skip = (id: string, key: PeerKey, docs: readonly string[]): void => {
    const known = options.peek?.(key);
    if (known !== undefined) {
      answers.set(id, { value: known });
      return;
    }
    for (const doc of docs) {
      notChecked.set(doc, (notChecked.get(doc) ?? 0) + 1);
    }
  };

  // Plan: remembered answers first (no request), then the budgeted lookups in document order.
  for (const { doc, keys } of docs) {
    let taken = 0;
    const seen = new Set<string>();
    for (const key of keys) {
      const id = peerKeyString(key);
      if (seen.has(id)) {
        continue;
      }
      seen.add(id);
      // The budget is the document's first distinct peers, however each is answered: if a
      // remembered answer did not count, every pass would ask about the next ones in turn.
      if (!options.trusted || taken >= perDocument) {
        skip(id, key, [doc]);
        continue;
      }
      taken++;
      const remembered = options.remembered.recall(key);
      if (remembered) {
        if (remembered.status === 429) {
          backedOff = true;
          skip(id, key, [doc]);
        } else {
          answers.set(id, remembered);
        }
        continue;
      }
      if (planned.has(id)) {
        plannedFor.get(id)?.push(doc);
        continue;
      }
      if (planned.size >= perPass) {
        skip(id, key, [doc]);
        continue;
      }
      planned.set(id, key);
      plannedFor.set(id, [doc]);
    }
  }

  const queue = [...planned.entries()];
  let lookups = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && !options.signal?.aborted) {
      const [id, key] = queue[next++];
      if (backedOff) {
        skip(id, key, plannedFor.get(id) ?? []);
        continue;
      }
      // A 403 or 401 answered earlier in this pass covers the rest of its project or profile.
      const remembered = options.remembered.recall(key);
      if (remembered) {
        answers.set(id, remembered);
        continue;
      }
      lookups++;
      // Not handed the pass's signal: a superseded pass starts no new lookup, but the ones in
      // flight finish and are remembered (or cached), and the next pass joins them. Cancelling
      // them made that pass ask Atlas again for each (a 2,000-peer file got 53 requests, not 50).
      const answer = await lookup(key);
      if (isRememberedStatus(answer.status)) {
        options.remembered.remember(key, answer.status, answer);
        if (answer.status === 429) {
          backedOff = true;
        }
      }
      answers.set(id, answer);
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return { answers, notChecked, lookups, backedOff };
}

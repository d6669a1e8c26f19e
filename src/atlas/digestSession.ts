// HTTP Digest for one client: when to reuse a challenge, when to fetch a fresh one, and the probe
// that gets the first challenge for everybody.
//
// A kept challenge is reused with an incrementing nonce-count, so after the first call each call
// costs one round trip. RFC 7616 (section 3.4) lets a server insist on nonce-counts that grow in the
// order requests arrive (Apache httpd with `AuthDigestNcCheck On`); calls made at the same time can
// arrive out of order, and the server refuses the late ones. So:
//  - a refused reuse is retried at once with the fresh challenge of the refusal, used by that
//    request alone (nc 1) and shared only once the server has accepted it;
//  - when the server has shown repeatedly that it refuses out-of-order counts, this client stops
//    sharing challenges among concurrent calls: one call at a time reuses the kept challenge (so
//    sequential calls still cost one round trip), and the others ask for a fresh one and use it
//    at once (two round trips).
// Until the first challenge arrives, one request goes without credentials and the others wait for
// what it brings back: its challenge, or its failure (a timeout then fails every waiter at once
// instead of each becoming the next probe in turn).

import { DigestChallenge, DigestCredentials, digestAuthorization, pickDigestChallenge } from './digest';
import { AtlasCancelledError } from './errors';
import { HttpResponse, HttpTransport, pathOf, raceAbort } from './http';

/** Out-of-order refusals after which this client stops reusing challenges for the server. */
export const STRICT_NC_EVIDENCE_LIMIT = 2;

interface SharedChallenge {
  challenge: DigestChallenge;
  /** Highest nonce-count the server accepted with it. */
  acceptedNc: number;
  /** Nonce-counts it refused. */
  refusedNc: number[];
}

type ProbeOutcome = { kind: 'challenge' } | { kind: 'noChallenge' } | { kind: 'failed'; error: unknown };

export interface DigestStats {
  /** Reused challenges the server refused. */
  refusedReuses: number;
  /** Refusals of a count lower than one the server had accepted: the server orders counts strictly. */
  outOfOrderRefusals: number;
  reusing: boolean;
}

export class DigestSession {
  private shared: SharedChallenge | undefined;
  private probe: Promise<ProbeOutcome> | undefined;
  private readonly counters = { refusedReuses: 0, outOfOrderRefusals: 0 };
  private reusing = true;
  /** Once not reusing: whether a request holds the shared challenge (one at a time). */
  private sharedInUse = false;
  /** Challenges (by opaque, or nonce without one) this client has signed with, most recent last. */
  private readonly usedChallenges = new Set<string>();

  constructor(
    private readonly http: HttpTransport,
    private readonly user: DigestCredentials,
  ) {}

  get stats(): DigestStats {
    return { ...this.counters, reusing: this.reusing };
  }

  /** Forget the challenge (sign out). */
  forget(): void {
    this.shared = undefined;
  }

  /** `accept` overrides the transport's version header for endpoints versioned later than 2023-01-01. */
  async send(url: URL, signal?: AbortSignal, accept?: string): Promise<HttpResponse> {
    let settleProbe: ((o: ProbeOutcome) => void) | undefined;
    let reused: SharedChallenge | undefined;
    let exclusive = false;
    if (!this.reusing && this.shared && !this.sharedInUse) {
      // A strict server still takes a reused challenge when nothing else is using it: the counts
      // then arrive in order. So sequential calls stay at one round trip.
      reused = this.shared;
      exclusive = this.sharedInUse = true;
    }
    while (this.reusing && !reused && !settleProbe) {
      if (this.shared) {
        reused = this.shared;
      } else if (this.probe) {
        const outcome = await raceAbort(this.probe, signal);
        if (outcome.kind === 'failed') {
          throw outcome.error;
        }
        if (outcome.kind === 'noChallenge') {
          break; // go without credentials too, in parallel; the answer may bring a challenge
        }
      } else {
        settleProbe = this.startProbe();
      }
    }
    try {
      const res = await this.attempt(url, reused, signal, accept);
      settleProbe?.(this.shared ? { kind: 'challenge' } : { kind: 'noChallenge' });
      return res;
    } catch (e) {
      // A probe cancelled by its own caller says nothing about the server: a waiter probes again.
      settleProbe?.(e instanceof AtlasCancelledError ? { kind: 'noChallenge' } : { kind: 'failed', error: e });
      throw e;
    } finally {
      if (exclusive) {
        this.sharedInUse = false;
      }
    }
  }

  private startProbe(): (o: ProbeOutcome) => void {
    let resolve!: (o: ProbeOutcome) => void;
    const p = new Promise<ProbeOutcome>((r) => (resolve = r));
    this.probe = p;
    return (o) => {
      if (this.probe === p) {
        this.probe = undefined;
      }
      resolve(o);
    };
  }

  /** The request with the reused challenge (or none), then fresh challenges from the server's 401s. */
  private async attempt(
    url: URL,
    reused: SharedChallenge | undefined,
    signal?: AbortSignal,
    accept?: string,
  ): Promise<HttpResponse> {
    let challenge = reused?.challenge;
    let shared = reused;
    let staleRetried = false;
    for (;;) {
      let sentNc = 0;
      const used = challenge;
      const res = await this.http.send(
        {
          method: 'GET',
          url,
          accept,
          authFor: used
            ? (u) => {
                const header = digestAuthorization(used, this.user, 'GET', pathOf(u));
                sentNc = used.nc;
                return header;
              }
            : undefined,
        },
        signal,
      );
      const next = res.status === 401 ? pickDigestChallenge(res.wwwAuthenticate) : undefined;
      if (!next) {
        if (used && res.status !== 401) {
          this.accepted(shared, used, sentNc);
        }
        return res;
      }
      if (shared) {
        this.refused(shared, sentNc);
        shared = undefined;
      } else if (used) {
        // Our own fresh challenge was refused: the key is wrong, unless the nonce went stale in
        // between (retry once more with the newer one).
        if (!next.stale || staleRetried) {
          return res;
        }
        staleRetried = true;
      }
      // A server may hand back a challenge we used already, or gave to another refused request a
      // moment ago: nc 1 would then be a replay. Apache counts nonce-counts per opaque, across its
      // nonces, so a known opaque is as used as a known nonce. Asking afresh without credentials
      // gets a challenge nobody else holds.
      const key = next.opaque !== undefined ? `opaque ${next.opaque}` : `nonce ${next.nonce}`;
      if (used && this.usedChallenges.has(key)) {
        challenge = undefined;
        continue;
      }
      this.remember(key);
      challenge = next;
    }
  }

  private remember(key: string): void {
    this.usedChallenges.add(key);
    if (this.usedChallenges.size > 256) {
      // Oldest first: a Set iterates in insertion order.
      this.usedChallenges.delete(this.usedChallenges.values().next().value as string);
    }
  }

  private accepted(shared: SharedChallenge | undefined, used: DigestChallenge, nc: number): void {
    if (shared) {
      shared.acceptedNc = Math.max(shared.acceptedNc, nc);
      const lower = shared.refusedNc.find((r) => r < nc);
      if (lower !== undefined) {
        this.outOfOrder(shared, lower);
      }
      return;
    }
    // A fresh challenge the server accepted: share it from now on (its next count follows ours).
    // Against a strict server, only one request at a time may hold it (see send).
    this.shared = { challenge: used, acceptedNc: nc, refusedNc: [] };
  }

  private refused(shared: SharedChallenge, nc: number): void {
    this.counters.refusedReuses++;
    if (this.shared === shared) {
      this.shared = undefined;
    }
    if (shared.acceptedNc > nc) {
      this.outOfOrder(shared, nc);
    } else if (shared.refusedNc.length < 64) {
      // Kept until a higher count is accepted (then it was refused out of order) or the challenge is dropped.
      shared.refusedNc.push(nc);
    }
  }

  /** The server refused `nc` although it accepted a higher count of the same nonce. */
  private outOfOrder(shared: SharedChallenge, nc: number): void {
    const i = shared.refusedNc.indexOf(nc);
    if (i >= 0) {
      shared.refusedNc.splice(i, 1);
    }
    this.counters.outOfOrderRefusals++;
    if (this.counters.outOfOrderRefusals >= STRICT_NC_EVIDENCE_LIMIT) {
      this.reusing = false;
    }
  }
}

// The one age formatter of the extension: hovers ("fetched 2 min ago"), the details view and its
// page script (which refreshes the text every 15 s) all show ages through it. Pure.

function toMs(t: number | Date): number {
  return t instanceof Date ? t.getTime() : typeof t === 'number' ? t : NaN;
}

/** "just now" (under 45 s), "2 min ago", "3 h ago", "1 day ago", "4 days ago"; "in the future" past clock skew. */
export function formatAge(fetchedAt: number | Date, now: number | Date): string {
  const diff = toMs(now) - toMs(fetchedAt);
  if (!Number.isFinite(diff)) {
    return 'at an unknown time';
  }
  const sec = diff / 1000;
  if (sec < 45) {
    // A few seconds ahead is clock skew between the data and this machine, not the future.
    return sec < -5 ? 'in the future' : 'just now';
  }
  const min = Math.max(1, Math.round(sec / 60));
  if (min < 60) {
    return `${min} min ago`;
  }
  const h = Math.round(min / 60);
  if (h < 24) {
    return `${h} h ago`;
  }
  const d = Math.round(h / 24);
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

// Pages of the Atlas UI the extension links to, built from a profile's base URL. Pure.

/** The Atlas UI page of a project's network peering connections (http(s) only, else undefined). */
export function atlasPeeringPageUrl(baseUrl: string, groupId: string): string | undefined {
  let url: URL;
  try {
    url = new URL(`${baseUrl.replace(/\/+$/, '')}/v2/${encodeURIComponent(groupId)}#/security/network/peering`);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
}

/**
 * etcd's reading of URL lists and of `initial-cluster`, with its own error texts (types.NewURLs,
 * types.NewURLsMap), so the rules and the cluster grouping judge URLs as etcd does.
 */

export interface EtcdUrl {
  /** As written, trimmed. */
  text: string;
  scheme: string;
  /** `host:port` as written (IPv6 in brackets). */
  host: string;
  /** The host name or IP without the port and brackets. */
  hostname: string;
  port: string;
}

/** A URL etcd takes, or the error etcd gives for it (the text of types.NewURLs). */
export type UrlResult = { url: EtcdUrl } | { error: string };

const SCHEMES = ['http', 'https', 'unix', 'unixs'];

/** Splits `host:port` as Go's net.SplitHostPort does; undefined where Go gives an error. */
export function splitHostPort(hostPort: string): { hostname: string; port: string } | undefined {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0 || hostPort[end + 1] !== ':') return undefined;
    return { hostname: hostPort.slice(1, end), port: hostPort.slice(end + 2) };
  }
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0 || hostPort.indexOf(':') !== colon) return undefined;
  return { hostname: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

/** One URL as etcd reads it from a URL list. */
export function parseEtcdUrl(raw: string): UrlResult {
  const text = raw.trim();
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text);
  if (!schemeMatch) {
    const firstSegment = text.split('/')[0];
    if (firstSegment.includes(':')) return { error: `parse "${text}": first path segment in URL cannot contain colon` };
    return { error: `URL scheme must be http, https, unix, or unixs: ${text}` };
  }
  const scheme = schemeMatch[1].toLowerCase();
  if (!SCHEMES.includes(scheme)) return { error: `URL scheme must be http, https, unix, or unixs: ${text}` };
  const rest = text.slice(schemeMatch[0].length);
  const authority = rest.startsWith('//') ? /^\/\/([^/?#]*)/.exec(rest)![1] : '';
  const afterAuthority = rest.startsWith('//') ? rest.slice(2 + authority.length) : rest;
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  const split = splitHostPort(host);
  if (!split) return { error: `URL address does not have the form "host:port": ${text}` };
  const path = afterAuthority.split(/[?#]/)[0];
  if (path !== '') return { error: `URL must not contain a path: ${text}` };
  return { url: { text, scheme, host, hostname: split.hostname, port: split.port } };
}

/** A comma-separated URL list; the first error etcd would give, if any. */
export function parseUrlList(value: string): { urls: EtcdUrl[]; error?: string } {
  const urls: EtcdUrl[] = [];
  for (const part of value.split(',')) {
    const result = parseEtcdUrl(part);
    if ('error' in result) return { urls, error: result.error };
    urls.push(result.url);
  }
  return { urls };
}

export interface InitialClusterEntry {
  name: string;
  url: string;
}

/**
 * `initial-cluster` as etcd reads it (url.ParseQuery of the value with `,` as `&`, then NewURLs per
 * name): its entries, and the error etcd gives for it, if any.
 */
export function parseInitialCluster(value: string): { entries: InitialClusterEntry[]; error?: string } {
  const entries: InitialClusterEntry[] = [];
  if (value.trim() === '') return { entries };
  for (const part of value.split(',')) {
    if (part === '') continue;
    if (part.includes(';')) return { entries, error: 'invalid semicolon separator in query' };
    const equals = part.indexOf('=');
    const name = decodeQueryPart(equals < 0 ? part : part.slice(0, equals));
    const url = decodeQueryPart(equals < 0 ? '' : part.slice(equals + 1));
    if (name === undefined || url === undefined)
      return { entries, error: `invalid URL escape in ${JSON.stringify(part)}` };
    const parsed = parseEtcdUrl(url);
    if ('error' in parsed) return { entries, error: parsed.error };
    entries.push({ name, url: parsed.url.text });
  }
  return { entries };
}

function decodeQueryPart(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** True for an IP literal, as Go's net.ParseIP takes it. */
export function isIpLiteral(hostname: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(hostname)) return true;
  return hostname.includes(':') && /^[0-9a-fA-F:.]+$/.test(hostname) && (hostname.match(/::/g)?.length ?? 0) <= 1;
}

/** A URL in one spelling, for comparing (`HTTP://10.0.0.1:2380` and `http://10.0.0.1:2380` are one). */
export function normalizeUrl(text: string): string {
  const parsed = parseEtcdUrl(text);
  return 'url' in parsed ? `${parsed.url.scheme}://${parsed.url.host.toLowerCase()}` : text.trim();
}

/** True for a loopback host (`localhost`, 127.x, ::1). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '::1';
}

/**
 * What a URL holds besides scheme, host and port that a listen or advertise URL never needs: a login
 * part (`user:password@`), a path, a query or a fragment. Go's URL parser takes the host after the
 * last `@`, so `http://10.0.0.11:2381@0.0.0.0:2381` reads as one address and binds another. Each item
 * names the part and what it holds; none for a URL that is only scheme://host:port (or not http(s)).
 */
export function hiddenUrlParts(raw: string): string[] {
  const text = raw.trim();
  const match = /^(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(text);
  if (!match) return [];
  const [, , authority, path, query, fragment] = match;
  const parts: string[] = [];
  const at = authority.lastIndexOf('@');
  if (at >= 0) parts.push(`a login part (${authority.slice(0, at + 1)})`);
  if (path !== '') parts.push(`a path (${path})`);
  if (query !== undefined) parts.push(`a query (${query})`);
  if (fragment !== undefined) parts.push(`a fragment (${fragment})`);
  return parts;
}

/**
 * The verdict on one URL of a setting, shared by the lint rule and the boot of a configuration: a
 * message when the URL holds more than scheme://host:port, naming what etcd would really use.
 */
export function hiddenUrlPartsMessage(written: string, url: string): string | undefined {
  const parts = hiddenUrlParts(url);
  if (parts.length === 0) return undefined;
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url.trim())?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  const used =
    at >= 0
      ? `Go's URL parser takes the host after the last '@', so etcd binds or advertises ${authority.slice(at + 1)}, not the address written first`
      : `etcd uses only ${authority}`;
  return `${written} holds '${url.trim()}', which has ${parts.join(', ')}; ${used}. Write it as scheme://host:port only.`;
}

import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import type { ClientTls } from '../etcd/client.js';
import type { Clock } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';

const ATTEMPT_TIMEOUT_MS = 250;
const RETRY_MS = 10;

/** One GET of `/members` on a peer URL (https, or plain http as a configuration may serve it); resolves true on any HTTP answer. */
function membersAnswer(peerUrl: string, tls: ClientTls): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL('/members', peerUrl);
    const get =
      url.protocol === 'http:'
        ? httpRequest(url, { method: 'GET', agent: false, timeout: ATTEMPT_TIMEOUT_MS })
        : request(url, {
            method: 'GET',
            agent: false,
            ca: tls.ca,
            cert: tls.cert,
            key: tls.key,
            // Only readiness matters here; certificates are verified by every real request.
            rejectUnauthorized: false,
            timeout: ATTEMPT_TIMEOUT_MS,
          });
    get.once('response', (response) => {
      response.resume();
      resolve(true);
    });
    get.once('timeout', () => get.destroy());
    get.once('error', () => resolve(false));
    get.end();
  });
}

/**
 * Waits until a member serves its peer API: etcd binds its ports, and even completes TLS handshakes,
 * before it serves HTTP on them. Bounded in time and attempts; resolves false if it never did, or as
 * soon as `stillRunning` says the process died.
 */
export async function waitForPeerApi(
  peerUrl: string,
  tls: ClientTls,
  deps: { clock: Clock; timeoutMs: number; stillRunning: () => Promise<boolean> },
): Promise<boolean> {
  const outcome = await pollUntil(
    async () => {
      if (await membersAnswer(peerUrl, tls)) return true;
      return (await deps.stillRunning()) ? undefined : false;
    },
    { what: `${peerUrl}/members to answer`, timeoutMs: deps.timeoutMs, intervalMs: RETRY_MS, clock: deps.clock },
  ).catch(() => false);
  return outcome;
}

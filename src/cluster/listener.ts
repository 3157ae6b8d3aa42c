import { connect } from 'node:tls';
import { isIP } from 'node:net';
import type { ClientTls } from '../etcd/client.js';
import type { Clock } from '../util/clock.js';

const ATTEMPT_TIMEOUT_MS = 250;
const RETRY_MS = 10;

/** One TLS handshake with `url`'s host and port; resolves true if it completed. */
function handshake(url: URL, tls: ClientTls): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      servername: isIP(url.hostname) ? undefined : url.hostname,
      // Only reachability matters here; the certificate is verified by every real request.
      rejectUnauthorized: false,
    });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ATTEMPT_TIMEOUT_MS);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Waits until a TLS listener completes handshakes (etcd binds its ports before it serves them), bounded
 * in time and attempts; resolves false if it never did, or as soon as `stillRunning` says the process died.
 */
export async function waitForTlsListener(
  url: string,
  tls: ClientTls,
  deps: { clock: Clock; timeoutMs: number; stillRunning: () => Promise<boolean> },
): Promise<boolean> {
  const target = new URL(url);
  const deadline = deps.clock.now() + deps.timeoutMs;
  const maxAttempts = Math.ceil(deps.timeoutMs / RETRY_MS) + 1;
  for (let attempt = 0; attempt < maxAttempts && deps.clock.now() < deadline; attempt++) {
    if (await handshake(target, tls)) return true;
    if (!(await deps.stillRunning())) return false;
    await deps.clock.sleep(RETRY_MS);
  }
  return false;
}

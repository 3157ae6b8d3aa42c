import type { IncomingMessage } from 'node:http';
import { VERSION } from '../version.js';

/** What one GET answered: the status and the whole body. */
export interface HttpAnswer {
  status: number;
  body: Buffer;
}

/** Downloads a URL; rejects when nothing answered within `timeoutMs` (the whole request, body included). */
export type HttpGet = (url: string, timeoutMs: number) => Promise<HttpAnswer>;

/** A request that did not complete: no connection, a reset, or no whole answer in time. */
export class HttpRequestError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`could not download ${url}: ${message}`);
    this.name = 'HttpRequestError';
  }
}

function readAll(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('the connection closed before the whole answer arrived'));
    });
  });
}

/**
 * GETs through the GitHub Actions toolkit's HTTP client (@actions/http-client), which
 * @actions/tool-cache downloads with: it follows redirects and honours `HTTPS_PROXY`, `HTTP_PROXY`
 * and `NO_PROXY` (and their lowercase forms), as self-hosted runners behind a proxy need. It is loaded
 * on the first request, so commands that download nothing start without it.
 */
export const toolkitHttpGet: HttpGet = async (url, timeoutMs) => {
  const { HttpClient } = await import('@actions/http-client');
  // socketTimeout ends a connection that stays silent; the timer below bounds the whole request.
  const client = new HttpClient(`etcd-ha/${VERSION}`, [], { socketTimeout: timeoutMs });
  let message: IncomingMessage | undefined;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      message?.destroy();
      reject(new HttpRequestError(url, `no whole answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const request = client.get(url).then((response) => {
      message = response.message;
      if (timedOut) message.destroy();
      return response;
    });
    const response = await Promise.race([request, deadline]);
    const body = await Promise.race([readAll(response.message), deadline]);
    return { status: response.message.statusCode ?? 0, body };
  } catch (error) {
    if (error instanceof HttpRequestError) throw error;
    throw new HttpRequestError(url, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
    client.dispose();
  }
};

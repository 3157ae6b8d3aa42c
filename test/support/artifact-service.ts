import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One stored artifact of the stand-in service. */
export interface StoredArtifact {
  id: number;
  name: string;
  runBackendId: string;
  blob: Buffer;
  finalized: boolean;
}

/**
 * A stand-in of the GitHub Actions results service on 127.0.0.1: the Twirp JSON calls
 * @actions/artifact makes (CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL)
 * and the Azure block-blob requests its upload makes (Put Block, Put Block List), plus the signed
 * download URL. Enough for the real client to upload and download.
 */
export class ArtifactService {
  readonly artifacts: StoredArtifact[] = [];
  private readonly blocks = new Map<number, Map<string, Buffer>>();
  private server?: Server;
  url = '';
  /** The REST API (GITHUB_API_URL) side: workflow run IDs by run backend ID, and the token it accepts. */
  readonly runIds = new Map<string, string>();
  apiToken = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, body, headers }) => {
          response.writeHead(status, { 'x-ms-request-id': 'stand-in', 'x-ms-version': '2023-11-03', ...headers });
          response.end(body);
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ code: 'internal', msg: error.message }));
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A runtime token as the runner issues it: a JWT whose scp names the run and job backend IDs. */
  token(runBackendId: string, jobBackendId: string): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: `Actions.GenericRead Actions.Results:${runBackendId}:${jobBackendId}` })}.signature`;
  }

  private async handle(
    request: IncomingMessage,
  ): Promise<{ status: number; body?: Buffer | string; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', this.url);
    const json = (value: object) => ({
      status: 200,
      body: JSON.stringify(value),
      headers: { 'content-type': 'application/json' },
    });

    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/.exec(url.pathname);
    if (twirp && request.method === 'POST') {
      const call = JSON.parse(body.toString('utf8') || '{}');
      switch (twirp[1]) {
        case 'CreateArtifact': {
          const artifact: StoredArtifact = {
            id: this.artifacts.length + 1,
            name: call.name,
            runBackendId: call.workflow_run_backend_id,
            blob: Buffer.alloc(0),
            finalized: false,
          };
          this.artifacts.push(artifact);
          return json({ ok: true, signed_upload_url: `${this.url}/blob/${artifact.id}?sig=stand-in` });
        }
        case 'FinalizeArtifact': {
          const artifact = this.artifacts.find(
            (a) => a.name === call.name && a.runBackendId === call.workflow_run_backend_id && !a.finalized,
          );
          if (!artifact) return { status: 404, body: JSON.stringify({ code: 'not_found', msg: 'no such artifact' }) };
          artifact.finalized = true;
          return json({ ok: true, artifact_id: String(artifact.id) });
        }
        case 'ListArtifacts': {
          const found = this.artifacts.filter(
            (a) =>
              a.finalized &&
              a.runBackendId === call.workflow_run_backend_id &&
              (call.name_filter === undefined || a.name === call.name_filter) &&
              (call.id_filter === undefined || String(a.id) === String(call.id_filter)),
          );
          return json({
            artifacts: found.map((a) => ({
              workflow_run_backend_id: a.runBackendId,
              workflow_job_run_backend_id: 'job',
              database_id: String(a.id),
              name: a.name,
              size: String(a.blob.length),
              created_at: new Date().toISOString(),
            })),
          });
        }
        case 'GetSignedArtifactURL': {
          const artifact = this.artifacts.find(
            (a) => a.name === call.name && a.runBackendId === call.workflow_run_backend_id && a.finalized,
          );
          if (!artifact) return { status: 404, body: JSON.stringify({ code: 'not_found', msg: 'no such artifact' }) };
          return json({ signed_url: `${this.url}/download/${artifact.id}?sig=stand-in` });
        }
      }
      return { status: 404, body: JSON.stringify({ code: 'bad_route', msg: twirp[1] }) };
    }

    const blob = /^\/blob\/(\d+)$/.exec(url.pathname);
    if (blob && request.method === 'PUT') {
      const id = Number(blob[1]);
      const staged = this.blocks.get(id) ?? new Map<string, Buffer>();
      this.blocks.set(id, staged);
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        staged.set(url.searchParams.get('blockid') ?? '', body);
        return { status: 201, headers: { 'content-md5': '' } };
      }
      if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map(
          (match) => match[1],
        );
        const artifact = this.artifacts.find((a) => a.id === id);
        if (!artifact) return { status: 404 };
        artifact.blob = Buffer.concat(ids.map((blockId) => staged.get(blockId) ?? Buffer.alloc(0)));
        return { status: 201, headers: { etag: '"stand-in"', 'last-modified': new Date().toUTCString() } };
      }
      const artifact = this.artifacts.find((a) => a.id === id);
      if (!artifact) return { status: 404 };
      artifact.blob = body; // a single Put Blob
      return { status: 201, headers: { etag: '"stand-in"', 'last-modified': new Date().toUTCString() } };
    }

    // The REST API a token holder uses for another run's artifacts.
    const runArtifacts = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname);
    const artifactZip = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/zip$/.exec(url.pathname);
    if ((runArtifacts || artifactZip) && request.method === 'GET') {
      if (
        request.headers.authorization !== `token ${this.apiToken}` &&
        request.headers.authorization !== `Bearer ${this.apiToken}`
      ) {
        return {
          status: 401,
          body: JSON.stringify({ message: 'Bad credentials' }),
          headers: { 'content-type': 'application/json' },
        };
      }
      if (runArtifacts) {
        const backendId = [...this.runIds].find(([, runId]) => runId === runArtifacts[3])?.[0];
        const found = this.artifacts.filter(
          (a) =>
            a.finalized &&
            a.runBackendId === backendId &&
            (!url.searchParams.get('name') || a.name === url.searchParams.get('name')),
        );
        return json({
          total_count: found.length,
          artifacts: found.map((a) => ({
            id: a.id,
            name: a.name,
            size_in_bytes: a.blob.length,
            created_at: new Date().toISOString(),
          })),
        });
      }
      const artifact = this.artifacts.find((a) => artifactZip && a.id === Number(artifactZip[3]));
      return artifact
        ? { status: 302, headers: { location: `${this.url}/download/${artifact.id}?sig=stand-in` } }
        : { status: 404 };
    }

    const download = /^\/download\/(\d+)$/.exec(url.pathname);
    if (download && request.method === 'GET') {
      const artifact = this.artifacts.find((a) => a.id === Number(download[1]));
      return artifact
        ? { status: 200, body: artifact.blob, headers: { 'content-type': 'application/zip' } }
        : { status: 404 };
    }
    return { status: 404, body: 'not found' };
  }
}

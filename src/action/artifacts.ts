import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Where sealed bundles travel between jobs: the workflow's artifacts. */
export interface BundleStore {
  /** Uploads one file as an artifact, kept `retentionDays` (the repository's default when undefined). */
  upload(file: string, name: string, retentionDays?: number): Promise<{ id: number }>;
  /** Downloads the artifact into `dir` and returns the sealed file in it. */
  download(
    name: string,
    dir: string,
    from?: { runId: number; token: string; owner: string; repo: string },
  ): Promise<string>;
}

/**
 * True where the runner offers the artifact service (it does not outside GitHub), or where
 * @github/local-action emulates it: that one keeps artifacts in LOCAL_ACTION_ARTIFACT_PATH.
 */
export function artifactServiceAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean((env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL) || env.LOCAL_ACTION_ARTIFACT_PATH);
}

/** Artifacts through @actions/artifact, the client the runner's own upload and download actions use. */
export function workflowArtifacts(): BundleStore {
  // Loaded on first use: the client is most of the code the certs and restore steps carry.
  let loaded: Promise<import('@actions/artifact').ArtifactClient> | undefined;
  const artifacts = () =>
    (loaded ??= import('@actions/artifact').then(({ DefaultArtifactClient }) => new DefaultArtifactClient()));
  return {
    async upload(file, name, retentionDays) {
      const client = await artifacts();
      const { id } = await client.uploadArtifact(name, [file], path.dirname(file), { retentionDays });
      if (id === undefined) throw new Error(`the artifact service returned no id for ${name}`);
      return { id };
    },
    async download(name, dir, from) {
      const findBy = from
        ? {
            findBy: {
              token: from.token,
              workflowRunId: from.runId,
              repositoryOwner: from.owner,
              repositoryName: from.repo,
            },
          }
        : {};
      const client = await artifacts();
      const { artifact } = await client.getArtifact(name, findBy);
      await client.downloadArtifact(artifact.id, { path: dir, ...findBy });
      const sealed = (await readdir(dir)).filter((entry) => entry.endsWith('.age'));
      if (sealed.length !== 1)
        throw new Error(`artifact ${name} holds ${sealed.length} .age files; expected the one sealed bundle`);
      return path.join(dir, sealed[0]);
    },
  };
}

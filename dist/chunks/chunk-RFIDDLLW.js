import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));

// src/action/artifacts.ts
import { readdir } from "node:fs/promises";
import path from "node:path";
function artifactServiceAvailable(env) {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL || env.LOCAL_ACTION_ARTIFACT_PATH);
}
function workflowArtifacts() {
  let loaded;
  const artifacts = () => loaded ??= import("./artifact-VWFLHBRX.js").then(({ DefaultArtifactClient }) => new DefaultArtifactClient());
  return {
    async upload(file, name, retentionDays) {
      const client = await artifacts();
      const { id } = await client.uploadArtifact(name, [file], path.dirname(file), { retentionDays });
      if (id === void 0) throw new Error(`the artifact service returned no id for ${name}`);
      return { id };
    },
    async download(name, dir, from) {
      const findBy = from ? {
        findBy: {
          token: from.token,
          workflowRunId: from.runId,
          repositoryOwner: from.owner,
          repositoryName: from.repo
        }
      } : {};
      const client = await artifacts();
      const { artifact } = await client.getArtifact(name, findBy);
      await client.downloadArtifact(artifact.id, { path: dir, ...findBy });
      const sealed = (await readdir(dir)).filter((entry) => entry.endsWith(".age"));
      if (sealed.length !== 1)
        throw new Error(`artifact ${name} holds ${sealed.length} .age files; expected the one sealed bundle`);
      return path.join(dir, sealed[0]);
    }
  };
}

export {
  artifactServiceAvailable,
  workflowArtifacts
};

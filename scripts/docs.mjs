// Writes what the tables in the code describe (see src/docs/generate.ts): the `inputs:` of every
// action.yml and the generated blocks of README.md and docs/**/*.md. `node scripts/docs.mjs --check`
// writes nothing and exits 1 naming each file that differs from what it would write, as CI runs it.
//
// The generator is TypeScript: esbuild bundles it into a temporary folder, as scripts/build.mjs
// bundles the entry points, and Node runs the bundle.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-docs-'));
try {
  const outfile = path.join(dir, 'generate.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['src/docs/generate.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // CommonJS packages inside an ES module: their require() of Node's modules.
    banner: {
      js: "import { createRequire as __docsRequire } from 'node:module'; const require = __docsRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(outfile).href);
  // The schemas are JSON that Prettier formats: written as it would format them, checked likewise.
  const format = async (text, file) =>
    prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
  process.exitCode = await main(process.argv.slice(2), format, root);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

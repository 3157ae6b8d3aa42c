// Bundles every entry point in src/entrypoints/ into dist/<entry>/index.js, the files the action.yml
// files name, with esbuild: ES modules that share one copy of the code they have in common in
// dist/chunks/ (content-hashed names, so the same sources always give the same files). Libraries
// only some steps need (the artifact and cache clients, gRPC) are chunks loaded on first use.
// `node scripts/build.mjs [OUTDIR]` builds into OUTDIR instead of dist/.
//
// The build writes into a folder beside OUTDIR and then moves each file in (a rename replaces a file
// at once), entries last, and removes what the new build no longer has: a CLI started during a build
// finds either the old entry or the new one, never a missing dist/.
import { build } from 'esbuild';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const finalDir = path.resolve(process.argv[2] ?? 'dist');
const outdir = `${finalDir}.next-${process.pid}`;
process.chdir(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const entries = readdirSync('src/entrypoints')
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

/**
 * @grpc/grpc-js loads @grpc/proto-loader (and protobufjs with it) only to serve its own channelz and
 * ORCA services. The etcd client sends hand-encoded messages and serves nothing, so the bundles
 * carry a stand-in that says so if it is ever reached, instead of those packages and their .proto files.
 */
const withoutProtoLoader = {
  name: 'without-proto-loader',
  setup(build) {
    build.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({ path: 'proto-loader', namespace: 'not-bundled' }));
    build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, () => ({
      contents:
        "throw new Error('@grpc/proto-loader is not bundled: etcd-ha serves no gRPC service and loads no .proto file');",
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
const { metafile } = await build({
  absWorkingDir: process.cwd(),
  entryPoints: Object.fromEntries(entries.map((entry) => [`${entry}/index`, `src/entrypoints/${entry}.ts`])),
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS packages inside ES modules: their require() of Node's modules, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __etcdHaRequire } from 'node:module';",
      "import { fileURLToPath as __etcdHaPath } from 'node:url';",
      'const require = __etcdHaRequire(import.meta.url);',
      'const __etcdHaFilename = __etcdHaPath(import.meta.url);',
      "const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  define: { __filename: '__etcdHaFilename', __dirname: '__etcdHaDirname' },
  // Not minified: minifying saved no measurable start-up time, and a readable dist/ is reviewable.
  legalComments: 'none',
  metafile: true,
  plugins: [withoutProtoLoader],
  logLevel: 'warning',
});
// The bundles are ES modules wherever dist/ is copied to.
writeFileSync(path.join(outdir, 'package.json'), '{\n  "type": "module"\n}\n');
chmodSync(path.join(outdir, 'cli', 'index.js'), 0o755);
writeFileSync(path.join(outdir, 'licenses.txt'), licenses(Object.keys(metafile.inputs)));
swapIn(outdir, finalDir);

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), path.join(prefix, entry.name))
      : [path.join(prefix, entry.name)],
  );
}

/**
 * Moves the files of `from` into `to` one rename at a time: shared chunks first (their names are
 * content hashes, so a new one never replaces an old one in use), then the entries, then removes the
 * files and folders of `to` that the new build does not have, and `from`.
 */
function swapIn(from, to) {
  const fresh = filesUnder(from);
  const isEntry = (file) => path.basename(file) === 'index.js' && !file.startsWith(`chunks${path.sep}`);
  for (const file of [...fresh.filter((f) => !isEntry(f)), ...fresh.filter(isEntry)]) {
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    renameSync(path.join(from, file), path.join(to, file));
  }
  const keep = new Set(fresh);
  for (const file of filesUnder(to)) if (!keep.has(file)) rmSync(path.join(to, file), { force: true });
  const removeEmpty = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) removeEmpty(path.join(dir, entry.name));
    if (dir !== to && readdirSync(dir).length === 0) rmdirSync(dir);
  };
  removeEmpty(to);
  rmSync(from, { recursive: true, force: true });
}

/** The name, version, license and license text of every package with code in the bundles, sorted by name. */
function licenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (!dir || packages.has(dir)) continue;
    const {
      name,
      version,
      license,
      licenses: legacy,
    } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir)
      .sort()
      .find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
    packages.set(dir, {
      id: `${name}@${version}`,
      license: license ?? legacy?.map((item) => item.type).join(', ') ?? 'license not stated',
      text: file ? readFileSync(path.join(dir, file), 'utf8').trim() : '',
    });
  }
  const unique = new Map([...packages.values()].map((item) => [item.id, item]));
  return [...unique.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ id, license, text }) => [id, license, text].filter(Boolean).join('\n'))
    .join('\n\n----------------------------------------\n\n')
    .concat('\n');
}

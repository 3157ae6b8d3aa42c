// Bundles each entry point into dist/<entry>/index.js with ncc (one bundle per entry, as action.yml points at them).
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';

const entries = ['main', 'post', 'cli', 'certs', 'restore', 'up', 'check', 'lint'];
rmSync('dist', { recursive: true, force: true });
for (const entry of entries) {
  execFileSync('npx', ['--no-install', 'ncc', 'build', `src/entrypoints/${entry}.ts`, '-o', `dist/${entry}`, '--target', 'es2022', '--license', 'licenses.txt', '-q'], { stdio: 'inherit' });
}
chmodSync('dist/cli/index.js', 0o755);

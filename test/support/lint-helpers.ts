import { Ajv, type ValidateFunction } from 'ajv';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * The official SARIF 2.1.0 schema (as @microsoft/jest-sarif ships it) with its formats checked. It is
 * written for draft-04; the only draft-04 spellings in it are `$schema` and the top-level `id`, so it
 * is compiled as a draft-07 schema with `$id`. Its `language` pattern is not a valid Unicode regular
 * expression, and it requires properties inside `anyOf` that the branch does not declare; both are
 * valid JSON Schema, which Ajv's strict mode would refuse.
 */
function sarifValidator(): ValidateFunction {
  if (!validator) {
    const {
      $schema: _draft04,
      id,
      ...schema
    } = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strictRequired: false, unicodeRegExp: false });
    (require('ajv-formats') as (ajv: Ajv) => Ajv)(ajv);
    validator = ajv.compile({ ...schema, $id: id });
  }
  return validator;
}

/** The schema's complaints about `log` (`[]` when it is valid SARIF 2.1.0). */
export function sarifSchemaErrors(log: unknown): string[] {
  const validate = sarifValidator();
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(file));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

const BUNDLES_PREFIX = 'etcd-ha-bundles-';

/**
 * The bundle of an entry point as the runner runs it: `dist/<entry>/index.js` when it is newer than
 * every source file, else `<tmp>/<entry>/index.js` from a fresh build (scripts/build.mjs) into a temporary folder.
 */
export function bundleOf(entry: string): string {
  const built = path.resolve(`dist/${entry}/index.js`);
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime('src')) return built;
  const out = mkdtempSync(path.join(tmpdir(), BUNDLES_PREFIX));
  execFileSync(process.execPath, ['scripts/build.mjs', out], { stdio: 'inherit' });
  return path.join(out, entry, 'index.js');
}

/** Removes the temporary build a bundle `bundleOf` returned came from (never dist/). */
export function removeBundle(script: string): void {
  const out = path.dirname(path.dirname(script));
  if (path.basename(out).startsWith(BUNDLES_PREFIX)) rmSync(out, { recursive: true, force: true });
}

/** The 1-based line of `text` in `file`. */
export function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

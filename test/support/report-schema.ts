import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The published schemas, as the repository holds them (tests run from its root). */
export const SCHEMA_FILES = { report: 'schemas/report.schema.json', lint: 'schemas/lint.schema.json' } as const;

export type SchemaKind = keyof typeof SCHEMA_FILES;

const validators = new Map<SchemaKind, ValidateFunction>();

/** A schema as the repository holds it, parsed. */
export function readSchema(kind: SchemaKind): Record<string, unknown> {
  return JSON.parse(readFileSync(path.resolve(SCHEMA_FILES[kind]), 'utf8'));
}

/** The validator of a published schema, compiled once, in Ajv's strict mode with its formats checked. */
function validatorOf(kind: SchemaKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true });
    (require('ajv-formats') as (ajv: Ajv2020) => Ajv2020)(ajv);
    validate = ajv.compile(readSchema(kind));
    validators.set(kind, validate);
  }
  return validate;
}

/** The schema's complaints about `value` (`[]` when it is valid). */
export function schemaErrors(kind: SchemaKind, value: unknown): string[] {
  const validate = validatorOf(kind);
  return validate(value)
    ? []
    : (validate.errors ?? []).map(
        (error) => `${error.instancePath || '/'} ${error.message}${schemaParams(error.params)} (${error.schemaPath})`,
      );
}

const schemaParams = (params: Record<string, unknown>) =>
  Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : '';

/** Throws with the schema's complaints unless `value` is valid; returns it, so a test can read on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function validated<T = any>(kind: SchemaKind, value: T, what = 'the value'): T {
  const errors = schemaErrors(kind, value);
  if (errors.length > 0)
    throw new Error(`${what} does not match ${SCHEMA_FILES[kind]}:\n  ${errors.slice(0, 20).join('\n  ')}`);
  return value;
}

/** Parses JSON text as the schema's document: a report (`report`) or the lint JSON (`lint`), validated. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseValidated(kind: SchemaKind, text: string, what = 'the JSON'): any {
  return validated(kind, JSON.parse(text), what);
}

/** Reads a JSON report file, validated against schemas/report.schema.json (throws with the schema's complaints). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readReport(file: string): any {
  return parseValidated('report', readFileSync(file, 'utf8'), file);
}

/** Reads a lint JSON file, validated against schemas/lint.schema.json. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readLintJson(file: string): any {
  return parseValidated('lint', readFileSync(file, 'utf8'), file);
}

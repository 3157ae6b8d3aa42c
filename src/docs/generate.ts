/**
 * Writes the docs that the tables describe: the `inputs:` of every action.yml (from the table of
 * options), the generated blocks of README.md and docs/**\/*.md (inputs, CLI flags, checks, lint
 * rules, the figures' legend), and the parts of the JSON Schemas the code decides (each figure, the
 * names of checks, targets and configuration forms). `npm run docs` writes them; `npm run docs -- --check` writes nothing and fails, naming each
 * file, when one differs from what it would write (CI runs it).
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CHECK_NAMES, CHECKS, checkFacts } from '../checks/registry.js';
import {
  ACTION_FILES,
  ACTIONS,
  CLI_VERBS,
  inputDoc,
  OPTIONS,
  optionSpec,
  renderText,
  type ActionName,
  type OptionName,
} from '../options/option-table.js';
import { ruleAnchor } from '../lint/format-sarif.js';
import { RULES } from '../lint/rules/index.js';
import { CONFIG_FORMS } from '../lint/model.js';
import { figuresSchema, legendMarkdown } from '../report/figures.js';
import { TARGET_KINDS } from '../targets/kind.js';

const YAML_WIDTH = 100;

/** Words wrapped to lines of at most `width` characters (a longer word stands alone). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const singleQuoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The `inputs:` section of an action's action.yml, as the table of options says it. */
export function actionInputsYaml(action: ActionName): string {
  const out = ['inputs:'];
  for (const name of (Object.keys(OPTIONS) as OptionName[]).filter((option) => optionSpec(option).actions?.[action])) {
    const doc = inputDoc(name, action, false);
    const empty = doc.value === '' && doc.meaning ? ` Empty means ${doc.meaning.replace(/\.$/, '')}.` : '';
    out.push(
      `  ${doc.input}:`,
      '    description: >-',
      ...wrapWords(`${doc.description}${empty}`, YAML_WIDTH - 6).map((line) => `      ${line}`),
      `    required: ${doc.required}`,
      `    default: ${singleQuoted(doc.value)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** `text` with its `inputs:` section replaced by `inputs`; the other top-level keys stay as they are. */
export function replaceInputsSection(text: string, inputs: string, file = 'action.yml'): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === 'inputs:');
  if (start === -1) throw new Error(`${file} has no top-level 'inputs:'`);
  let end = start + 1;
  while (end < lines.length && !/^[A-Za-z_][\w-]*:/.test(lines[end])) end++;
  return [...lines.slice(0, start), ...inputs.replace(/\n$/, '').split('\n'), ...lines.slice(end)].join('\n');
}

/** A Markdown table cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** A value as code; prose (a default that says what happens) as it is. */
const valueCell = (text: string) => (/^[^\s`]+$/.test(text) ? `\`${text}\`` : text);

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** An action's inputs as a Markdown table: Input | Default | Description. */
export function inputsTable(action: ActionName): string {
  const rows = (Object.keys(OPTIONS) as OptionName[])
    .filter((name) => optionSpec(name).actions?.[action])
    .map((name) => {
      const doc = inputDoc(name, action, true);
      const fallback = doc.value !== '' ? `\`${doc.value}\`` : doc.meaning ? valueCell(doc.meaning) : 'empty';
      return [`\`${doc.input}\``, fallback, doc.description];
    });
  return table(['Input', 'Default', 'Description'], rows);
}

/** Every CLI flag as a Markdown table: Flag | Verbs | Default | Meaning, with what a verb says differently. */
export function cliFlagsTable(): string {
  const rows = (Object.keys(OPTIONS) as OptionName[]).flatMap((name) => {
    const spec = optionSpec(name);
    if (!spec.verbs || spec.replaced) return [];
    const docs = { kind: 'docs' } as const;
    const verbs = CLI_VERBS.filter((verb) => spec.verbs?.[verb]);
    const render = (text: string) => renderText(text, docs, spec.allowed);
    const meaning = [
      render(`${spec.description}${spec.cli ?? ''}`),
      ...verbs.flatMap((verb) => {
        const own = spec.verbs?.[verb]?.description;
        return own === undefined ? [] : [`\`${verb}\`: ${render(`${own}${spec.cli ?? ''}`)}`];
      }),
    ];
    const defaults = [
      ...(spec.default === undefined ? [] : [valueCell(render(spec.default))]),
      ...verbs.flatMap((verb) => {
        const own = spec.verbs?.[verb]?.default;
        return own === undefined ? [] : [`\`${verb}\`: ${valueCell(render(own))}`];
      }),
    ];
    return [
      [
        `\`--${name}${spec.value ? ` ${spec.value}` : ''}\``,
        verbs.join(', '),
        defaults.join('<br>') || ' ',
        meaning.join('<br>'),
      ],
    ];
  });
  return table(['Flag', 'Verbs', 'Default', 'Meaning'], rows);
}

/** The checks as a Markdown table: Check | By default | What it proves | Fewest members | Faults | Rounds. */
export function checksTable(): string {
  const rows = CHECKS.map(checkFacts).map((check) => [
    `\`${check.name}\``,
    check.byDefault ? 'yes' : 'no',
    check.proves,
    String(check.fewestMembers),
    check.faults.length > 0 ? check.faults.join('; ') : 'none (also runs on a cluster given by its endpoints)',
    check.rounds ? 'yes' : 'no (runs once)',
  ]);
  return table(['Check', 'By default', 'What it proves', 'Fewest members', 'Faults', 'Rounds'], rows);
}

/** The lint rules as a Markdown table: Rule | Level | What etcd does | How to fix; each row anchored by its ID. */
export function lintRulesTable(): string {
  const rows = RULES.map((rule) => [
    `<a id="${ruleAnchor(rule.id)}"></a>\`${rule.id}\` ${rule.name}`,
    rule.severity,
    rule.etcdDoes,
    `${rule.fix}${rule.cis ? ` (CIS ${rule.cis})` : ''}`,
  ]);
  return [
    `| Rule | Level | What etcd does | How to fix |`,
    `| --- | --- | --- | --- |`,
    ...rows.map((row) => `| ${row.map((text, index) => (index === 0 ? text : cell(text))).join(' | ')} |`),
  ].join('\n');
}

/** What each key of a generated block holds. */
export function generatedBlocks(): Record<string, string> {
  return {
    ...Object.fromEntries(ACTIONS.map((action) => [`inputs:${action}`, inputsTable(action)])),
    'cli-flags': cliFlagsTable(),
    checks: checksTable(),
    'lint-rules': lintRulesTable(),
    figures: legendMarkdown(),
  };
}

/** The published JSON Schemas, by file. */
export const SCHEMA_FILES = { report: 'schemas/report.schema.json', lint: 'schemas/lint.schema.json' } as const;

type Schema = { $defs: Record<string, Record<string, unknown>>; properties: Record<string, Record<string, unknown>> };

/**
 * The schemas with what the code decides written in: every figure with its unit and meaning, and the
 * names of the checks, the targets (and `external`, a cluster given by its endpoints) and the forms of
 * configuration lint reads. The rest of each schema is written by hand.
 */
export function generatedSchemas(read: (file: string) => string): Record<string, unknown> {
  const report = JSON.parse(read(SCHEMA_FILES.report)) as Schema;
  const lint = JSON.parse(read(SCHEMA_FILES.lint)) as Schema;
  report.$defs.figures = figuresSchema();
  report.$defs.checkName.enum = [...CHECK_NAMES];
  report.properties.target.enum = [...TARGET_KINDS, 'external'];
  report.$defs.form.enum = [...CONFIG_FORMS];
  lint.$defs.form.enum = [...CONFIG_FORMS];
  return { [SCHEMA_FILES.report]: report, [SCHEMA_FILES.lint]: lint };
}

/** Formats a file as the repository's formatter does (Prettier, given by the caller), so a check compares like with like. */
export type Formatter = (text: string, file: string) => Promise<string>;

/**
 * `text` with every generated block's content replaced: the lines between `<!-- generated:KEY -->` and
 * `<!-- /generated:KEY -->` become the block of KEY, with a blank line on each side. A key that is not
 * known, a block that is not closed, or blocks inside each other are errors naming the file and line.
 */
export function replaceGeneratedBlocks(text: string, blocks: Record<string, string>, file = 'the file'): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^<!-- generated:(\S+) -->$/.exec(lines[i]);
    const stray = /^<!-- \/generated:(\S+) -->$/.exec(lines[i]);
    if (stray) throw new Error(`${file}:${i + 1}: '<!-- /generated:${stray[1]} -->' closes no block`);
    if (!open) {
      out.push(lines[i]);
      continue;
    }
    const key = open[1];
    if (!(key in blocks))
      throw new Error(`${file}:${i + 1}: no generated block is called '${key}'; known: ${Object.keys(blocks).join(', ')}`);
    const close = lines.findIndex((line, index) => index > i && line === `<!-- /generated:${key} -->`);
    const inner = lines.findIndex((line, index) => index > i && /^<!-- generated:\S+ -->$/.test(line));
    if (close === -1) throw new Error(`${file}:${i + 1}: the block '${key}' has no '<!-- /generated:${key} -->'`);
    if (inner !== -1 && inner < close) throw new Error(`${file}:${inner + 1}: a block inside the block '${key}'`);
    out.push(lines[i], '', blocks[key], '', lines[close]);
    i = close;
  }
  return out.join('\n');
}

/** README.md and every Markdown file under docs/, relative to `root`. */
function markdownFiles(root: string): string[] {
  const under = (dir: string): string[] =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir), { withFileTypes: true })
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .flatMap((entry) =>
            entry.isDirectory()
              ? under(path.join(dir, entry.name))
              : entry.name.endsWith('.md')
                ? [path.join(dir, entry.name)]
                : [],
          )
      : [];
  return ['README.md', ...under('docs')].filter((file) => existsSync(path.join(root, file)));
}

/** Every file the docs generator writes, relative to `root`, with what it would hold. */
export async function generatedFiles(root: string, format: Formatter): Promise<Map<string, string>> {
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const files = new Map<string, string>();
  for (const action of ACTIONS) {
    const file = ACTION_FILES[action];
    files.set(file, replaceInputsSection(read(file), actionInputsYaml(action), file));
  }
  const blocks = generatedBlocks();
  for (const file of markdownFiles(root)) files.set(file, replaceGeneratedBlocks(read(file), blocks, file));
  for (const [file, schema] of Object.entries(generatedSchemas(read)))
    files.set(file, await format(`${JSON.stringify(schema, null, 2)}\n`, path.join(root, file)));
  return files;
}

/**
 * Writes the generated files under `root`, or with `check` writes nothing; returns the files that
 * differed from what is written (with `check`: that would be written).
 */
export async function writeDocs(
  root: string,
  format: Formatter,
  { check = false }: { check?: boolean } = {},
): Promise<string[]> {
  const changed: string[] = [];
  for (const [file, content] of await generatedFiles(root, format)) {
    if (readFileSync(path.join(root, file), 'utf8') === content) continue;
    changed.push(file);
    if (!check) writeFileSync(path.join(root, file), content);
  }
  return changed;
}

/** `npm run docs [-- --check]`: exit 0 when nothing differs (or everything was written), 1 otherwise. */
export async function main(argv: readonly string[], format: Formatter, root = process.cwd()): Promise<number> {
  const check = argv.includes('--check');
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`docs: unknown argument ${unknown.join(' ')}; usage: npm run docs [-- --check]\n`);
    return 2;
  }
  try {
    const changed = await writeDocs(root, format, { check });
    if (check && changed.length > 0) {
      process.stderr.write(
        `${changed.join('\n')}\nthese files differ from what the tables write: run 'npm run docs' and commit\n`,
      );
      return 1;
    }
    process.stdout.write(
      changed.length > 0
        ? `wrote ${changed.join(', ')}\n`
        : 'the action.yml files and generated docs match the tables\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`docs: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

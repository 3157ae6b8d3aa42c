import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSchema, SCHEMA_FILES } from '../../test/support/report-schema.js';
import { CHECK_NAMES, CHECKS } from '../checks/registry.js';
import { CONFIG_FORMS } from '../lint/model.js';
import { TARGET_KINDS } from '../targets/kind.js';
import { baseFigure, FIGURES, figuresSchema, isFigureName, legendMarkdown, type FigureName } from './figures.js';

/** The generated parts (the schema's `$defs.figures`, the legend in docs/report.md) are written by `npm run docs`. */
const LEGEND_START = '<!-- generated:figures -->';
const LEGEND_END = '<!-- /generated:figures -->';
/** The integrity pass that follows every drill: a helper, not a check, whose figures every drill reports. */
const AFTER_DRILLS = 'integrity.ts';
/** The page that documents the report, the figures' legend among it. */
const REPORT_PAGE = 'docs/report.md';

/**
 * Every figure name each check's code can set, read from its source: `figures.<name> =`, the keys of
 * an object literal assigned to `figures`, and the drill steps membership reports as `${step}Ms`.
 */
function figuresInChecksCode(): Map<string, Set<string>> {
  const folder = 'src/checks';
  const byCheck = new Map<string, Set<string>>();
  const afterDrills: string[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    const source = readFileSync(path.join(folder, file), 'utf8');
    const check = /defineCheck\(\{\s*name: '([a-z-]+)'/.exec(source)?.[1];
    const names = new Set<string>();
    for (const match of source.matchAll(/\bfigures\.(\w+) =[^=]/g)) names.add(match[1]);
    for (const match of source.matchAll(/\bfigures(?:: \w+(?:<[^>]*>)?)? = \{([^}]*)\}/g)) {
      for (const key of match[1].matchAll(/(?:^|,)\s*(\w+)\s*(?=[:,]|$)/g)) names.add(key[1]);
    }
    if (/figures\[`\$\{step\}Ms`\]/.test(source)) {
      const steps = /type Step = ([^;]+);/.exec(source)?.[1] ?? '';
      for (const step of steps.matchAll(/'(\w+)'/g)) names.add(`${step[1]}Ms`);
    }
    if (names.size === 0) continue;
    if (file === AFTER_DRILLS) {
      afterDrills.push(...names);
      continue;
    }
    // A check file sets figures; a helper that set them would need its check named here.
    if (!check) throw new Error(`${file} sets figures (${[...names].join(', ')}) but defines no check`);
    byCheck.set(check, names);
  }
  // The integrity pass runs after every check that stops members, which all report its figures.
  expect(afterDrills.length).toBeGreaterThan(0);
  for (const check of CHECKS.filter((candidate) => candidate.stopsMembers)) {
    for (const name of afterDrills) byCheck.get(check.name)?.add(name);
  }
  return byCheck;
}

describe('the figures table', () => {
  it('lists every figure the checks can set, for the checks that set it, and nothing else', () => {
    const inCode = figuresInChecksCode();
    // The reader of the code found figures in every check (a reader that found none would prove nothing).
    expect([...inCode.keys()].sort()).toEqual([...CHECK_NAMES].sort());
    for (const check of CHECK_NAMES) {
      const listed = (Object.keys(FIGURES) as FigureName[]).filter((name) =>
        (FIGURES[name].checks as readonly string[]).includes(check),
      );
      expect([check, [...(inCode.get(check) ?? [])].sort()]).toEqual([check, listed.sort()]);
    }
  });

  it('gives each figure a unit that matches its name, and a meaning', () => {
    for (const [name, info] of Object.entries(FIGURES)) {
      expect([name, info.unit === 'ms']).toEqual([name, name.endsWith('Ms')]);
      expect([name, info.unit === 'bytes']).toEqual([name, name.endsWith('Bytes')]);
      expect(info.meaning.length).toBeGreaterThan(10);
      expect(info.checks.length).toBeGreaterThan(0);
    }
  });

  it('knows the round figures by rule: P95 and Max of a number figure, not of a boolean', () => {
    expect(baseFigure('newLeaderMsP95')).toBe('newLeaderMs');
    expect(baseFigure('keysLostMax')).toBe('keysLost');
    expect(baseFigure('linearizableMax')).toBeUndefined();
    expect(baseFigure('rounds')).toBeUndefined();
    expect(baseFigure('noSuchFigureMs')).toBeUndefined();
    expect(isFigureName('toString')).toBe(false);
  });

  it('makes the legend: every figure with its unit, then the rules for rounds', () => {
    const legend = legendMarkdown();
    expect(legend.split('\n')[0]).toBe('| FIGURE | UNIT | MEANING | CHECKS |');
    expect(legend).toContain('| `linearizable` | boolean | whether the history is linearizable');
    expect(legend).toContain('| `<name>P95` |');
    for (const name of Object.keys(FIGURES)) expect(legend).toContain(`| \`${name}\` |`);
    const some = legendMarkdown(['writeGapMs', 'newLeaderMs'], false).split('\n');
    expect(some.slice(2).map((row) => row.split(' | ')[0])).toEqual(['| `newLeaderMs`', '| `writeGapMs`']);
  });
});

describe('the published schemas', () => {
  const report = readSchema('report') as { $defs: Record<string, unknown> } & Record<string, unknown>;

  it("describe each check's figures as the figures table does", () => {
    expect(report.$defs.figures).toEqual(figuresSchema());
  });

  it('name the checks, targets and configuration forms the code has', () => {
    const lint = readSchema('lint') as { $defs: Record<string, { enum: string[] }> };
    const properties = report.properties as Record<string, { enum?: string[] }>;
    const defs = report.$defs as Record<string, { enum: string[] }>;
    expect(defs.checkName.enum).toEqual(CHECK_NAMES);
    expect(properties.target.enum).toEqual([...TARGET_KINDS, 'external']);
    expect(defs.form.enum).toEqual(CONFIG_FORMS);
    expect(lint.$defs.form.enum).toEqual(CONFIG_FORMS);
    // A report's `lint` holds findings as the lint JSON has them: one definition, in both files.
    expect(defs.finding).toEqual(lint.$defs.finding);
    expect(defs.lintSummary).toEqual(lint.$defs.summary);
  });

  it('are in docs/report.md, with the legend the table makes, and the README links the schemas', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const file of Object.values(SCHEMA_FILES)) expect(readme).toContain(`](${file})`);
    const page = readFileSync(REPORT_PAGE, 'utf8');
    for (const file of Object.values(SCHEMA_FILES)) expect(page).toContain(`](../${file})`);
    const start = page.indexOf(LEGEND_START);
    const end = page.indexOf(LEGEND_END);
    expect([start > 0, end > start]).toEqual([true, true]);
    const expected = `${LEGEND_START}\n\n${legendMarkdown()}\n\n`;
    expect(page.slice(start, end)).toBe(expected);
  });
});

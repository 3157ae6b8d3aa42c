import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ACTIONS, actionOptions, inputDoc } from '../options/option-table.js';
import {
  actionInputsYaml,
  generatedBlocks,
  replaceGeneratedBlocks,
  replaceInputsSection,
  writeDocs,
  type Formatter,
} from './generate.js';

const blocks = { checks: '| Check |\n| --- |\n| `status` |', 'cli-flags': '| Flag |' };

describe('generated blocks in Markdown', () => {
  it('replaces what is between the markers of a key, and nothing else', () => {
    const text = [
      '# Title',
      'before',
      '<!-- generated:checks -->',
      'an old table',
      'of two lines',
      '<!-- /generated:checks -->',
      'after',
      '<!-- generated:cli-flags -->',
      '<!-- /generated:cli-flags -->',
      '',
    ].join('\n');
    expect(replaceGeneratedBlocks(text, blocks)).toBe(
      [
        '# Title',
        'before',
        '<!-- generated:checks -->',
        '',
        '| Check |\n| --- |\n| `status` |',
        '',
        '<!-- /generated:checks -->',
        'after',
        '<!-- generated:cli-flags -->',
        '',
        '| Flag |',
        '',
        '<!-- /generated:cli-flags -->',
        '',
      ].join('\n'),
    );
  });

  it('writes the same text again from its own output', () => {
    const once = replaceGeneratedBlocks('<!-- generated:checks -->\n<!-- /generated:checks -->\n', blocks);
    expect(replaceGeneratedBlocks(once, blocks)).toBe(once);
  });

  it('leaves a file without markers as it is', () => {
    const text = '# Title\n\n| a | b |\n| --- | --- |\n<!-- a comment -->\n';
    expect(replaceGeneratedBlocks(text, blocks)).toBe(text);
  });

  it('refuses a key it does not know, a block never closed, a stray end and a block inside another', () => {
    expect(() => replaceGeneratedBlocks('x\n<!-- generated:nope -->\n<!-- /generated:nope -->', blocks, 'a.md')).toThrow(
      "a.md:2: no generated block is called 'nope'",
    );
    expect(() => replaceGeneratedBlocks('<!-- generated:checks -->\ntext\n', blocks, 'a.md')).toThrow(
      "a.md:1: the block 'checks' has no '<!-- /generated:checks -->'",
    );
    expect(() => replaceGeneratedBlocks('<!-- /generated:checks -->\n', blocks, 'a.md')).toThrow('closes no block');
    expect(() =>
      replaceGeneratedBlocks(
        '<!-- generated:checks -->\n<!-- generated:cli-flags -->\n<!-- /generated:cli-flags -->\n<!-- /generated:checks -->',
        blocks,
        'a.md',
      ),
    ).toThrow("a.md:2: a block inside the block 'checks'");
  });

  it('knows a block for the inputs of every action, the CLI flags, the checks, the lint rules and the figures', () => {
    expect(Object.keys(generatedBlocks())).toEqual([
      'inputs:run',
      'inputs:up',
      'inputs:check',
      'inputs:certs',
      'inputs:restore',
      'inputs:lint',
      'cli-flags',
      'checks',
      'lint-rules',
      'figures',
    ]);
    for (const [key, table] of Object.entries(generatedBlocks())) {
      const rows = table.split('\n');
      const columns = rows[0].split(' | ').length;
      // Every row has the header's columns: no cell lost a pipe to its text.
      for (const row of rows) expect([key, row.replace(/\\\|/g, '').split(' | ').length]).toEqual([key, columns]);
    }
  });
});

describe('the inputs of an action.yml', () => {
  it.each(ACTIONS)('%s: parse back to the table of options, description by description', (action) => {
    const inputs = parse(actionInputsYaml(action)).inputs as Record<string, { description: string; default: string }>;
    const names = actionOptions(action).map((name) => inputDoc(name, action, false));
    expect(Object.keys(inputs)).toEqual(names.map((doc) => doc.input));
    for (const doc of names) {
      expect(inputs[doc.input].default).toBe(doc.value);
      expect(inputs[doc.input].description.startsWith(doc.description)).toBe(true);
    }
    for (const line of actionInputsYaml(action).split('\n')) expect([line, line.length <= 100]).toEqual([line, true]);
  });

  it("replace only the file's inputs section", () => {
    const text = 'name: x\ninputs:\n  old:\n    description: gone\noutputs:\n  out:\n    description: kept\nruns:\n  using: node24\n';
    expect(replaceInputsSection(text, 'inputs:\n  new:\n    description: here\n')).toBe(
      'name: x\ninputs:\n  new:\n    description: here\noutputs:\n  out:\n    description: kept\nruns:\n  using: node24\n',
    );
  });
});

describe('npm run docs', () => {
  it('has written the committed action.yml files, docs and schemas (else: run npm run docs)', async () => {
    // Prettier's own formatting is the script's; here the JSON is compared as JSON.
    const asJson: Formatter = async (text, file) =>
      `${JSON.stringify(JSON.parse(text), null, 2)}\n` === `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2)}\n`
        ? readFileSync(file, 'utf8')
        : text;
    expect(await writeDocs(process.cwd(), asJson, { check: true })).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/render.js';
import { FAST, killEtcdUnder, newTempDir } from '../support/helpers.js';
import { mermaidBlocks, openMermaidBrowser, type MermaidBrowser } from '../support/mermaid-browser.js';

/** JSON reports of real runs: 3 members; 7 members in rounds; a user's configuration in rounds. */
const FIXTURES = ['three-members', 'seven-members-rounds-compared', 'config-rounds'];

describe("the job summary's Mermaid, rendered by Mermaid in chromium", () => {
  let browser: MermaidBrowser;
  let dir: string;
  beforeAll(async () => {
    browser = await openMermaidBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-mermaid-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it("draws every timeline of a real run's summary", async () => {
    const summary = path.join(dir, 'summary.md');
    let stdout = '';
    const args = [
      'run',
      ...FAST,
      '--base-address',
      '127.0.0.201',
      '--state',
      path.join(dir, 'state'),
      '--summary',
      summary,
    ];
    const code = await main(args, { stdout: (text) => (stdout += text), stderr: () => undefined, env: process.env });
    expect(stdout).toMatch(/etcd-ha PASSED/);
    expect(code).toBe(0);
    const diagrams = mermaidBlocks(readFileSync(summary, 'utf8'));
    expect(diagrams.map((diagram) => diagram.split('\n')[1])).toEqual([
      '  title failover, from the kill of the leader',
      '  title quorum-loss, from stopping the majority',
    ]);
    for (const diagram of diagrams) {
      const result = await browser.render(diagram);
      expect(result).toEqual({ svg: expect.stringContaining('<svg') });
      if ('svg' in result) expect(result.svg).toMatch(/leader killed/);
    }
  });

  it.each(FIXTURES)('draws every timeline of the summary of the run in fixtures/report/%s.json', async (name) => {
    const report: Report = JSON.parse(readFileSync(`fixtures/report/${name}.json`, 'utf8'));
    const diagrams = mermaidBlocks(renderMarkdown(report));
    expect(diagrams).toHaveLength(2);
    for (const diagram of diagrams)
      expect(await browser.render(diagram)).toEqual({ svg: expect.stringContaining('<svg') });
  });

  it('reports a diagram Mermaid cannot parse', async () => {
    const [diagram] = mermaidBlocks(
      renderMarkdown(JSON.parse(readFileSync('fixtures/report/three-members.json', 'utf8'))),
    );
    // A task without its ':' and a section keyword misspelt: what a careless change to the renderer would write.
    const broken = diagram.replace(' :crit, 0,', ' crit, 0,').replace('section Writes', 'sektion Writes');
    expect(await browser.render(broken)).toEqual({ error: expect.stringMatching(/Parse error/) });
  });
});

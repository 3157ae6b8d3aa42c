// Renders a job summary (the Markdown `etcd-ha run --summary FILE` writes) as a page, with Mermaid
// drawing its diagrams, and screenshots it in Debian's chromium: docs/summary.png, shown in docs/report.md.
//   node scripts/summary-screenshot.mjs SUMMARY.md OUT.png
// (then `pngquant` OUT.png, Debian's package, keeps the picture small).
// The Markdown is turned into HTML by `marked`, which mermaid depends on. Nothing is fetched: every
// request the page makes is refused.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { chromium } from 'playwright-core';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/summary-screenshot.mjs SUMMARY.md OUT.png');
  process.exit(2);
}

const renderer = new marked.Renderer();
const code = renderer.code.bind(renderer);
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
renderer.code = (token) =>
  token.lang === 'mermaid' ? `<pre class="mermaid">${escapeHtml(token.text)}</pre>` : code(token);
const body = await marked.parse(await readFile(input, 'utf8'), { renderer });

// Close to GitHub's own look for a job summary: its font, tables and widths.
const style = `
  body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328;
         margin: 0; padding: 16px 24px; width: 880px; }
  h2 { font-size: 20px; border-bottom: 1px solid #d1d9e0; padding-bottom: 6px; margin: 4px 0 12px; }
  h3 { font-size: 16px; margin: 20px 0 8px; } h4 { font-size: 14px; margin: 16px 0 6px; }
  table { border-collapse: collapse; margin: 8px 0; font-size: 12px; }
  th, td { border: 1px solid #d1d9e0; padding: 3px 8px; text-align: left; } th { background: #f6f8fa; }
  details { margin: 6px 0; } summary { cursor: pointer; color: #0969da; }
  pre.mermaid { margin: 8px 0; } sub { color: #59636e; }`;
const page = `<!doctype html><html><head><meta charset="utf-8"><style>${style}</style></head><body>${body}</body></html>`;

const profile = await mkdtemp(path.join(tmpdir(), 'etcd-ha-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 928, height: 600 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  await context.route('**/*', (route) => route.abort());
  const tab = context.pages()[0] ?? (await context.newPage());
  await tab.setContent(page);
  await tab.addScriptTag({ path: path.resolve('node_modules/mermaid/dist/mermaid.min.js') });
  await tab.evaluate(async () => {
    globalThis.mermaid.initialize({ startOnLoad: false, gantt: { useWidth: 860 } });
    await globalThis.mermaid.run({ querySelector: 'pre.mermaid' });
  });
  await tab.screenshot({ path: output, fullPage: true });
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

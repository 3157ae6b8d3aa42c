import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, which scripts/test.sh installs. */
export const CHROMIUM = '/usr/bin/chromium';
/** Mermaid's browser bundle, loaded into the page from node_modules. */
export const MERMAID_BUNDLE = path.resolve('node_modules/mermaid/dist/mermaid.min.js');

/** What Mermaid said of one diagram: the SVG it drew, or its error. */
export type MermaidResult = { svg: string } | { error: string };

/** A headless chromium with Mermaid loaded into a blank page; it reaches no network. */
export interface MermaidBrowser {
  page: Page;
  /** Parses and renders one diagram with Mermaid itself. */
  render(diagram: string): Promise<MermaidResult>;
  close(): Promise<void>;
}

/**
 * Starts chromium with a fresh profile that is removed on close. Every request the page makes is
 * refused: the page and Mermaid come from local files, so nothing leaves the machine.
 */
export async function openMermaidBrowser(): Promise<MermaidBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'etcd-ha-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    await context.route('**/*', (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: MERMAID_BUNDLE });
    await page.evaluate(() =>
      (globalThis as unknown as { mermaid: { initialize(config: object): void } }).mermaid.initialize({
        startOnLoad: false,
      }),
    );
    let count = 0;
    const opened = context;
    return {
      page,
      render: (diagram) =>
        page.evaluate(
          async ({ diagram, id }) => {
            type Mermaid = {
              parse(text: string): Promise<unknown>;
              render(id: string, text: string): Promise<{ svg: string }>;
            };
            const { mermaid } = globalThis as unknown as { mermaid: Mermaid };
            try {
              await mermaid.parse(diagram);
              return { svg: (await mermaid.render(id, diagram)).svg };
            } catch (error) {
              return { error: error instanceof Error ? error.message : String(error) };
            }
          },
          { diagram, id: `diagram-${++count}` },
        ),
      close: async () => {
        await opened.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The Mermaid diagrams of a Markdown text, in order. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1]);
}

/**
 * Debian's headless Chromium for the browser tests: one browser a test file, a fresh context (its
 * own cookies, storage and JavaScript setting) for each visit. Starting Chromium takes seconds on a
 * busy machine; a context takes milliseconds and shares nothing with the one before.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** A developer's machine without Chromium skips the browser tests; CI fails them instead. */
export const skipWithoutChromium = !existsSync(CHROMIUM) && !process.env.CI;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  /** A new context in the file's browser, which starts on the first call. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Closes the browser and every context still open; for afterAll. */
  close(): Promise<void>;
}

export function headlessChromium(): HeadlessChromium {
  let browser: Promise<Browser> | null = null;
  return {
    async context(options = {}) {
      browser ??= chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      return (await browser).newContext({
        viewport: { width: 1366, height: 900 },
        locale: 'ru-RU',
        ...options,
      });
    },
    async close() {
      const launched = browser;
      browser = null;
      await (await launched?.catch(() => null))?.close();
    },
  };
}

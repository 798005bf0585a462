/**
 * Debian's Chromium for playwright-core (no browser download: the machine is offline). Missing Chromium
 * fails loudly in CI (CI=true) and skips with a visible message elsewhere.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)';

/** `describe` when Chromium is there (or in CI, where its absence must fail), otherwise `describe.skip` with a note. */
export function describeWithChromium(name: string, fn: () => void): void {
  if (HAVE_CHROMIUM || IN_CI) {
    describe(name, fn);
    return;
  }

  console.warn(`SKIPPED browser tests "${name}": no Chromium at ${CHROMIUM_PATH}. Install it: ${INSTALL_HINT}`);
  describe.skip(name, fn);
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile. A persistent context is how a --user-data-dir is given to
 * playwright; everything network-related that Chromium does on its own is switched off.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!HAVE_CHROMIUM)
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (CI=${process.env.CI}). Install it: ${INSTALL_HINT}`);
  const profile = mkdtempSync(join(tmpdir(), 'ra-bot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

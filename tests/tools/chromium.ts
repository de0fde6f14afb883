/** Finds a Chromium to test with: CHROMIUM_PATH, else Debian's, else Playwright's own download. */
import fs from 'node:fs';
import { chromium } from '@playwright/test';

export const INSTALL_HINT =
  'No Chromium found. Install one: `sudo apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium` where downloads work, or set CHROMIUM_PATH to a Chromium binary.';

export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own here.
  }
  throw new Error(INSTALL_HINT);
}

/**
 * Renders public/icon.svg to the PNG sizes the stores ask for (public/icon/<size>.png), with the
 * Chromium the tests use. WXT lists public/icon/<size>.png in both manifests on its own.
 * Run after editing the SVG: `npm run icons`, then commit the PNGs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChromium } from './chromium';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SVG = path.join(ROOT, 'public/icon.svg');
const OUT = path.join(ROOT, 'public/icon');

async function main(): Promise<void> {
  const svg = fs.readFileSync(SVG, 'utf8');
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const file = path.join(OUT, `${size}.png`);
      await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      await page.close();
      console.log(`${path.relative(ROOT, file)}  ${fs.statSync(file).size} B`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}

// Regenerates resources/icon.png (512x512, transparent corners) from resources/icon.svg with the
// system Chromium, since no SVG rasteriser (ImageMagick, rsvg) is installed on the build machines.
// Usage: node resources/render-icon.mjs   (needs /usr/bin/chromium; CHROMIUM_PATH overrides)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;
const svg = readFileSync(resolve(here, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: resolve(here, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}

// Screenshots of an affiliate page of the built example site, as shown in
// the README: a phone (390x844) and a desktop (1440x900), first screen.
//
//   node screenshots.mjs SITE_DIR PAGE_PATH OUT_DIR
//
// screenshots.sh builds the site and calls this with the README's paths.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { launch } from './browser.mjs';
import { serve } from './server.mjs';

const [site, path, outDir] = process.argv.slice(2);
if (!site || !path || !outDir) {
  console.error('usage: node screenshots.mjs SITE_DIR PAGE_PATH OUT_DIR');
  process.exit(2);
}
const shots = [
  ['affiliate-phone.png', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ['affiliate-desktop.png', { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 }],
];

await mkdir(outDir, { recursive: true });
const server = await serve(site);
const browser = await launch(['--font-render-hinting=none']);
try {
  for (const [name, options] of shots) {
    const context = await browser.newContext({ ...options, reducedMotion: 'reduce' });
    // The site's own host only: a screenshot must not depend on the network.
    await context.route('**/*', (route) =>
      new URL(route.request().url()).origin === server.url ? route.continue() : route.abort());
    const page = await context.newPage();
    const response = await page.goto(server.url + path, { waitUntil: 'load' });
    if (!response.ok()) throw new Error(`${path}: HTTP ${response.status()}`);
    await page.evaluate(() => document.fonts.ready);
    const file = join(outDir, name);
    await page.screenshot({ path: file, type: 'png' });
    console.log(`wrote ${file}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

// The built example site in a real browser. Every HTML page is checked by
// the Nu Html Checker and by axe-core (WCAG 2.2 A/AA) on a phone and a
// desktop viewport, with its requests, weight and layout shift measured;
// four pages by Lighthouse (mobile); every affiliate page by a real click.
//
//   node check.mjs SITE_DIR LINKS_JSON [--skip-lighthouse]
//
// Exits 1 when any check fails, after reporting every failure.

import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

import { CHROME_FLAGS, CHROMIUM, launch } from './browser.mjs';
import { serve } from './server.mjs';

const require = createRequire(import.meta.url);
const PRODUCT_HOSTS = ['app.acme.example', 'acme.example'];
const WEIGHT_BUDGET = 50 * 1024;
const KIT_BUDGET = 200 * 1024;
const LIGHTHOUSE_MIN = 95;
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1440, height: 900 } };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const [site, linksFile, ...flags] = process.argv.slice(2);
if (!site || !linksFile) {
  console.error('usage: node check.mjs SITE_DIR LINKS_JSON [--skip-lighthouse]');
  process.exit(2);
}
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) {
      out.push(relative(site, join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  return out.sort();
}

/** `for/fintech/index.html` → `/for/fintech/`. */
const urlPath = (file) => '/' + file.replace(/(^|\/)index\.html$/, '$1');

// --- Nu Html Checker -------------------------------------------------------

async function validate(pages) {
  console.log(`Nu Html Checker: ${pages.length} pages, CSS and SVG`);
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  let stderr;
  try {
    ({ stderr } = await promisify(execFile)(
      'java',
      ['-jar', jar, '--format', 'json', '--also-check-css', '--also-check-svg', '--skip-non-html', site],
      { maxBuffer: 64 << 20 },
    ));
  } catch (e) {
    // vnu exits 1 when it reports errors; its report is on stderr all the same.
    stderr = e.stderr;
    if (!stderr) throw e;
  }
  const { messages } = JSON.parse(stderr);
  const counted = messages.filter((m) => m.type !== 'info' || m.subType === 'warning');
  for (const m of counted) {
    fail(`vnu ${relative(site, new URL(m.url).pathname)}:${m.lastLine ?? '?'}: ${m.subType ?? m.type}: ${m.message}`);
  }
  console.log(`  ${counted.length} errors and warnings`);
}

// --- Browser: axe, requests, weight, layout shift, clicks -------------------

/** A context whose only network is the local server; product-host
 *  navigations land on a stub page so a click can be followed. */
async function newContext(browser, server, options = {}) {
  const context = await browser.newContext(options);
  const outside = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === server.url) return route.continue();
    if (PRODUCT_HOSTS.includes(url.hostname) && route.request().isNavigationRequest()) {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>signup</title>' });
    }
    outside.push(url.href);
    return route.abort();
  });
  await context.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return { context, outside };
}

async function audit(browser, server, pages) {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    console.log(`axe-core (${AXE_TAGS.join(', ')}), requests, weight, layout shift: ${pages.length} pages, ${name} ${viewport.width}x${viewport.height}`);
    const { context, outside } = await newContext(browser, server, { viewport });
    let violations = 0;
    let heaviest = { file: '', bytes: 0 };
    for (const file of pages) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      let bytes = 0;
      const bodies = [];
      page.on('response', (r) => bodies.push(r.body().then((b) => { bytes += b.length; }, () => {})));
      outside.length = 0;
      await page.goto(server.url + urlPath(file), { waitUntil: 'load' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      await Promise.all(bodies);
      const cls = await page.evaluate(() => window.__cls);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate((tags) => window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }), AXE_TAGS);
      for (const v of result.violations) {
        violations += 1;
        fail(`axe ${name} ${file}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
      if (file !== '404.html' && (await page.evaluate(() => document.title)).trim() === '') fail(`${file}: empty <title>`);
      for (const url of outside) fail(`${name} ${file}: request to another host: ${url}`);
      for (const e of errors) fail(`${name} ${file}: script error: ${e}`);
      if (cls > 0) fail(`${name} ${file}: layout shift ${cls.toFixed(4)}`);
      for (const o of await page.evaluate(overflow)) fail(`${name} ${file}: ${o}`);
      if (/^partner-report/.test(file)) {
        for (const o of await page.evaluate(reportFits, viewport.width)) fail(`${name} ${file}: ${o}`);
      }
      // A kit page shows the partner's social card: a picture to download,
      // not a landing page's weight.
      const budget = /(^|\/)kit\//.test(file) ? KIT_BUDGET : WEIGHT_BUDGET;
      if (bytes > budget) fail(`${name} ${file}: ${bytes} bytes, over the ${budget}-byte budget`);
      if (bytes > heaviest.bytes) heaviest = { file, bytes };
      await page.close();
    }
    console.log(`  ${violations} violations; heaviest page ${heaviest.file}, ${(heaviest.bytes / 1024).toFixed(1)} KB with everything it loads`);
    await context.close();
  }
}

/**
 * What sticks out of a page at its width: the page scrolling sideways, or
 * an element whose text is cut (wider than its box with overflow hidden).
 * Runs in the page.
 */
function overflow() {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const widest = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
      .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))
      .slice(-3);
    out.push(`scrolls sideways: ${root.scrollWidth}px wide in a ${root.clientWidth}px window (${widest.join(', ')})`);
  }
  for (const e of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(e);
    const clips = ['hidden', 'clip'].includes(style.overflowX) && style.position !== 'absolute';
    if (clips && e.scrollWidth > e.clientWidth + 1 && e.textContent.trim() !== '') {
      out.push(`clips its text: <${e.tagName.toLowerCase()} class="${e.className}"> is ${e.scrollWidth}px of text in ${e.clientWidth}px`);
    }
  }
  return out;
}

/**
 * The partner report at a width: on a desktop every table fits (no scroll
 * box to find the last column in); at any width each row's name is whole
 * and in view, each table says what it counts, and a chart label that is
 * shortened has the whole id as its title. Runs in the page.
 */
function reportFits(width) {
  const out = [];
  for (const box of document.querySelectorAll('.scroll')) {
    const name = box.getAttribute('aria-label');
    if (width >= 1024 && box.scrollWidth > box.clientWidth + 1) {
      out.push(`the table "${name}" scrolls: ${box.scrollWidth}px in ${box.clientWidth}px`);
    }
    const caption = box.querySelector('caption');
    if (!caption || !caption.textContent.includes(':')) out.push(`the table "${name}" does not say what it counts`);
    const right = box.getBoundingClientRect().right;
    for (const th of box.querySelectorAll('tbody th, caption')) {
      const r = th.getBoundingClientRect();
      if (th.scrollWidth > th.clientWidth + 1 || r.right > right + 1) {
        out.push(`"${th.textContent}" in "${name}" is cut: ${th.scrollWidth}px of text in ${th.clientWidth}px, ending at ${Math.round(r.right)} of ${Math.round(right)}`);
      }
    }
  }
  for (const t of document.querySelectorAll('svg text')) {
    const shown = [...t.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('');
    if (shown.includes('…')) {
      const title = t.querySelector('title');
      const whole = title ? title.textContent : '';
      const [head, tail] = shown.replace(/ \(\d+\)$/, '').split('…');
      if (!whole.startsWith(head) || !whole.includes(tail)) out.push(`the chart label "${shown}" is cut without the whole id as its title`);
    }
  }
  return out;
}

/** Every page at the narrowest phone width: nothing sideways, nothing cut. */
async function narrow(browser, server, pages) {
  const viewport = { width: 320, height: 640 };
  console.log(`Overflow at ${viewport.width}px: ${pages.length} pages`);
  const { context } = await newContext(browser, server, { viewport });
  for (const file of pages) {
    const page = await context.newPage();
    await page.goto(server.url + urlPath(file), { waitUntil: 'load' });
    for (const o of await page.evaluate(overflow)) fail(`narrow ${file}: ${o}`);
    await page.close();
  }
  await context.close();
}

/** Clicks the main call to action of `path` and returns the URL it lands on. */
async function clickMainCta(context, server, path) {
  const page = await context.newPage();
  await page.goto(server.url + path, { waitUntil: 'load' });
  const cta = page.locator('main a.button--large').first();
  await Promise.all([page.waitForURL((u) => PRODUCT_HOSTS.includes(u.hostname)), cta.click()]);
  const landed = new URL(page.url());
  await page.close();
  return landed;
}

function expectParams(label, url, want) {
  for (const [key, value] of Object.entries(want)) {
    const got = url.searchParams.getAll(key);
    const ok = value === null ? got.length === 0 : got.length === 1 && got[0] === value;
    if (!ok) fail(`click ${label}: ${key}=${JSON.stringify(got)} in ${url.href}, want ${value === null ? 'none' : value}`);
  }
}

async function clicks(browser, server, links) {
  const generic = '/customers/ledgerly/';
  console.log(`Clicks: the main call to action of ${links.length} affiliate pages with scripts on and off, then ${generic} with and without Global Privacy Control`);
  for (const a of links) {
    const { context } = await newContext(browser, server);
    // Another cookie first, as a consent manager or analytics would set:
    // the code must be found among others.
    await context.addCookies([{ name: 'site_prefs', value: 'dark', url: server.url }]);
    const own = { ref: a.code, utm_source: a.slug, utm_medium: 'affiliate', utm_campaign: a.segment, utm_content: 'hero' };
    expectParams(a.path, await clickMainCta(context, server, urlPath(a.path)), own);
    // The persistence script remembers the code for later, generic pages.
    const later = await clickMainCta(context, server, generic);
    expectParams(`${generic} after ${a.path}`, later, { ref: a.code, utm_source: 'partner-site' });
    // The QR code's URL: the same code, and the QR medium on the link.
    const qr = new URL(a.qr_url);
    expectParams(`${a.path} from its QR code`, await clickMainCta(context, server, qr.pathname + qr.search), { ...own, utm_medium: 'qr' });
    // The picture the page is shared with is the affiliate's own card,
    // and it is there.
    const page = await context.newPage();
    await page.goto(server.url + urlPath(a.path), { waitUntil: 'load' });
    const card = new URL(await page.locator('meta[property="og:image"]').getAttribute('content'));
    if (!card.pathname.startsWith(`/cards/${a.slug}.`)) fail(`${a.path}: og:image ${card.href} is not their card`);
    const got = await page.request.get(server.url + card.pathname);
    if (got.status() !== 200 || !(got.headers()['content-type'] ?? '').startsWith('image/jpeg')) fail(`${a.path}: their card ${card.pathname} answers ${got.status()}`);
    await page.close();
    // A published kit opens, with their URL on it.
    if (a.kit_url) {
      const kit = await context.newPage();
      await kit.goto(server.url + new URL(a.kit_url).pathname, { waitUntil: 'load' });
      if (!(await kit.content()).includes(a.url)) fail(`${a.kit_url}: the kit does not show ${a.url}`);
      await kit.close();
    } else {
      fail(`${a.path}: no published kit (the browser checks build with TAILOR_KIT_SECRET)`);
    }
    await context.close();
    // The page's own links carry the code: the script only adds to them.
    const noScript = await newContext(browser, server, { javaScriptEnabled: false });
    expectParams(`${a.path} with scripts off`, await clickMainCta(noScript.context, server, urlPath(a.path)), own);
    await noScript.context.close();
  }
  // Without a visit to an affiliate page, no code.
  {
    const { context } = await newContext(browser, server);
    expectParams(`${generic} with no affiliate`, await clickMainCta(context, server, generic), { ref: null });
    await context.close();
  }
  // Global Privacy Control: the affiliate page's own links keep the code
  // (they are the page), but nothing is remembered.
  {
    const a = links[0];
    const { context } = await newContext(browser, server, { extraHTTPHeaders: { 'Sec-GPC': '1' } });
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    });
    expectParams(`${a.path} with GPC`, await clickMainCta(context, server, urlPath(a.path)), { ref: a.code });
    expectParams(`${generic} after ${a.path} with GPC`, await clickMainCta(context, server, generic), { ref: null });
    const cookies = await context.cookies();
    if (cookies.length) fail(`GPC: cookies were set: ${cookies.map((c) => c.name).join(', ')}`);
    await context.close();
  }
}

// --- Lighthouse -------------------------------------------------------------

async function lighthouseScores(server, targets) {
  console.log(`Lighthouse (mobile): ${targets.map(([, p]) => p).join(', ')}`);
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', ...CHROME_FLAGS],
  });
  const rows = [];
  try {
    for (const [label, path] of targets) {
      const result = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error' });
      const c = result.lhr.categories;
      const row = { label, path };
      for (const key of ['performance', 'accessibility', 'best-practices', 'seo']) {
        row[key] = Math.round(c[key].score * 100);
        if (row[key] < LIGHTHOUSE_MIN) {
          const lost = Object.values(result.lhr.audits)
            .filter((au) => au.score !== null && au.score < 1 && c[key].auditRefs.some((r) => r.id === au.id && r.weight > 0))
            .map((au) => `${au.id} ${au.displayValue ?? au.score}`);
          fail(`lighthouse ${path}: ${key} ${row[key]} < ${LIGHTHOUSE_MIN} (${lost.join('; ')})`);
        }
      }
      rows.push(row);
      console.log(`  ${path}: performance ${row.performance}, accessibility ${row.accessibility}, best practices ${row['best-practices']}, SEO ${row.seo}`);
    }
  } finally {
    await chrome.kill();
  }
  return rows;
}

// --- main -------------------------------------------------------------------

const pages = await htmlFiles(site);
const links = JSON.parse(await readFile(linksFile, 'utf8'));
await validate(pages);
const server = await serve(site);
const browser = await launch();
try {
  await audit(browser, server, pages);
  await narrow(browser, server, pages);
  await clicks(browser, server, links);
} finally {
  await browser.close();
}
if (!flags.includes('--skip-lighthouse')) {
  const affiliate = links.find((a) => a.slug === 'jane-doe') ?? links[0];
  const rows = await lighthouseScores(server, [
    ['index', '/'],
    ['segment', '/for/fintech/'],
    ['affiliate', urlPath(affiliate.path)],
    ['case study', '/customers/ledgerly/'],
  ]);
  if (process.env.LIGHTHOUSE_REPORT) {
    const table = ['| page | performance | accessibility | best practices | SEO |', '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.label} \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} |`)];
    await writeFile(process.env.LIGHTHOUSE_REPORT, table.join('\n') + '\n');
  }
}
await server.close();

if (failures.length) {
  console.log(`\n${failures.length} browser check${failures.length === 1 ? '' : 's'} failed`);
  process.exit(1);
}
console.log('\nall browser checks passed');

// The build's reading of product links and the scripts' reading, compared
// link by link in Chromium, on every page of the sites given
// (docs/browser-checks.md).
//
// The build tracks a product link by writing the page's UTM parameters on
// it (all four, which it writes on product links only and removes from the
// site's own); so the page as built, read with scripts off, says which
// links the build took for product links. Then, with scripts on:
//
// - on a page without a code of its own, visited after an affiliate page
//   of the same site stored its code, the persistence script must have
//   changed exactly those links, each by that code alone;
// - on an affiliate page, it changes nothing (its links carry the code);
//   opened from its QR code (`?utm_medium=qr`), the QR script must have
//   changed exactly those links, each by its utm_medium alone.
//
// Every URL attribute of every element is compared (href, xlink:href,
// src, data): a link the scripts change that the build did not track, or
// the other way round, fails.
//
//   node differential.mjs ROOT_DIR PREFIX...     e.g.  SITE / /wrapping/ /brand/
//
// Each PREFIX is a site built under that path of ROOT_DIR, served as it
// is published. Exits 1 when any check fails, after reporting every
// failure.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { launch } from './browser.mjs';
import { serve } from './server.mjs';

const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'];

const [root, ...prefixes] = process.argv.slice(2);
if (!root || prefixes.length === 0) {
  console.error('usage: node differential.mjs ROOT_DIR PREFIX...');
  process.exit(2);
}
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

/** `for/fintech/index.html` → `/for/fintech/`. */
const urlPath = (file) => '/' + file.replace(/(^|\/)index\.html$/, '$1');

async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) {
      out.push(relative(dir, join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  return out.sort();
}

/** Every URL attribute of every element, in document order. Runs in the page. */
function urlAttributes() {
  const X = 'http://www.w3.org/1999/xlink';
  const out = [];
  for (const e of document.querySelectorAll('*')) {
    const el = (e.namespaceURI === 'http://www.w3.org/2000/svg' ? 'svg:' : '') + e.localName;
    for (const [attr, value] of [
      ['href', e.getAttribute('href')],
      ['xlink:href', e.getAttributeNS(X, 'href')],
      ['src', e.getAttribute('src')],
      ['data', e.getAttribute('data')],
    ]) {
      if (value !== null) out.push({ el, attr, value });
    }
  }
  return out;
}

/** What tailor's inline scripts on a page say of it: its own code
 *  (null on pages without one), the QR medium (affiliate pages); null
 *  when the page has no persistence script. */
function scriptsOf(html) {
  if (!html.includes('tailor_ref')) return null;
  const code = html.match(/"code":(null|"(?:[^"\\]|\\.)*")/);
  const medium = html.match(/"medium":("(?:[^"\\]|\\.)*")/);
  return {
    code: code ? JSON.parse(code[1]) : null,
    medium: medium ? JSON.parse(medium[1]) : null,
  };
}

const tracked = (value, base) => {
  try {
    const u = new URL(value, base);
    return UTM.every((k) => u.searchParams.has(k));
  } catch {
    return false;
  }
};

/** The parameters of `url` as sorted "key=value" strings, and the rest
 *  of it. */
function split(url) {
  const u = new URL(url);
  const params = [...u.searchParams].map(([k, v]) => `${k}=${v}`).sort();
  u.search = '';
  return { rest: u.href, params };
}

/** `after` is `before` with exactly the parameters `added` (sorted
 *  "key=value" strings) more, and `removed` fewer. */
function changedBy(before, after, added, removed = []) {
  const b = split(before);
  const a = split(after);
  if (a.rest !== b.rest) return false;
  const want = b.params.filter((p) => !removed.includes(p)).concat(added).sort();
  return JSON.stringify(want) === JSON.stringify(a.params);
}

/** A context whose only network is the local server: every other request
 *  (a frame's product page) gets an empty page. */
async function context(browser, server, options = {}) {
  const ctx = await browser.newContext(options);
  await ctx.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === server.url) return route.continue();
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>product</title>' });
  });
  return ctx;
}

async function read(ctx, url) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  const attrs = await page.evaluate(urlAttributes);
  await page.close();
  return { attrs, errors };
}

const storedCode = async (ctx) => {
  const c = (await ctx.cookies()).find((c) => c.name === 'tailor_ref' || c.name === '__Host-tailor_ref');
  return c ? decodeURIComponent(c.value) : null;
};

/** Compares one page: `before` as built, `after` with scripts on. */
function compare(label, before, after, expected) {
  if (before.length !== after.length) {
    fail(`${label}: ${before.length} URL attributes as built, ${after.length} after the scripts ran`);
    return 0;
  }
  let n = 0;
  for (let i = 0; i < before.length; i++) {
    const b = before[i];
    const a = after[i];
    const what = `${label}: <${b.el} ${b.attr}="${b.value}">`;
    const want = expected(b);
    if (want === null) {
      if (a.value !== b.value) fail(`${what} was changed by a script to ${a.value}, but the build did not take it for a product link`);
    } else {
      n += 1;
      if (!want(a.value)) fail(`${what} is a product link to the build, but the script made it ${a.value}`);
    }
  }
  return n;
}

const browser = await launch();
const server = await serve(root);
let pagesCompared = 0;
let linksCompared = 0;
try {
  const all = await htmlFiles(root);
  for (const prefix of prefixes) {
    const inner = prefixes.filter((p) => p !== prefix && p.startsWith(prefix));
    const files = all.filter((f) => {
      const path = urlPath(f);
      return path.startsWith(prefix) && !inner.some((p) => path.startsWith(p));
    });
    const pages = [];
    for (const f of files) {
      const scripts = scriptsOf(await readFile(join(root, f), 'utf8'));
      if (scripts) pages.push({ file: f, path: urlPath(f), ...scripts });
    }
    const affiliates = pages.filter((p) => p.code !== null);
    console.log(`Build against scripts, ${prefix}: ${pages.length} pages with the persistence script (${affiliates.length} affiliate pages) of ${files.length}`);
    if (affiliates.length === 0) {
      fail(`${prefix}: no affiliate page to store a code`);
      continue;
    }
    const off = await context(browser, server, { javaScriptEnabled: false });
    const on = await context(browser, server);
    // An affiliate page first: the code every later page gets.
    await read(on, server.url + affiliates[0].path);
    for (const p of [...affiliates.slice(1), ...pages.filter((p) => p.code === null), ...affiliates.slice(0, 1)]) {
      const url = server.url + p.path;
      const built = (await read(off, url)).attrs;
      const stored = await storedCode(on);
      const ran = await read(on, url);
      for (const e of ran.errors) fail(`${p.path}: script error: ${e}`);
      pagesCompared += 1;
      if (p.code === null) {
        if (!stored) {
          fail(`${p.path}: no code stored after an affiliate page`);
          continue;
        }
        linksCompared += compare(p.path, built, ran.attrs, (b) =>
          tracked(b.value, url) ? (v) => addedOne(b.value, v, url, stored) : null,
        );
      } else {
        // Its own links carry its code: the persistence script adds none.
        compare(p.path, built, ran.attrs, () => null);
        if (p.medium) {
          const qr = await read(on, `${url}?utm_medium=${encodeURIComponent(p.medium)}`);
          for (const e of qr.errors) fail(`${p.path} from its QR code: script error: ${e}`);
          linksCompared += compare(`${p.path}?utm_medium=${p.medium}`, built, qr.attrs, (b) => {
            if (!tracked(b.value, url)) return null;
            const medium = new URL(b.value, url).searchParams.get('utm_medium');
            return (v) => changedBy(new URL(b.value, url).href, new URL(v, url).href, [`utm_medium=${p.medium}`], [`utm_medium=${medium}`]);
          });
        }
      }
    }
    await off.close();
    await on.close();
  }
} finally {
  await browser.close();
  await server.close();
}

/** `after` is `before` with one parameter more, of value `code`, whatever
 *  the platform calls it. */
function addedOne(before, after, base, code) {
  const b = split(new URL(before, base).href);
  const a = split(new URL(after, base).href);
  if (a.rest !== b.rest || a.params.length !== b.params.length + 1) return false;
  const extra = a.params.filter((x) => !b.params.includes(x));
  return extra.length === 1 && extra[0].endsWith(`=${code}`);
}

console.log(`  ${pagesCompared} pages, ${linksCompared} product links compared`);
if (failures.length) {
  console.log(`\n${failures.length} build-against-script check${failures.length === 1 ? '' : 's'} failed`);
  process.exit(1);
}
console.log('the scripts read every page as the build did');

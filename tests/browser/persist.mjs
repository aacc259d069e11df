// The persistence script in its three modes, in a real browser: `consent`
// stores nothing until the site's consent manager says yes (tailorConsent
// or IAB TCF v2), `false` stores nothing at all, and in every mode an
// affiliate page's own call to action carries the code. Global Privacy
// Control wins over consent. (`true` is checked by check.mjs's clicks.)
// And, served over https as published, the `true` site keeps its code in a
// `__Host-` cookie, so a cookie a sibling subdomain sets for the whole
// domain is never read.
//
//   node persist.mjs CONSENT_SITE_DIR OFF_SITE_DIR LINKS_JSON TRUE_SITE_DIR
//
// Exits 1 when any check fails, after reporting every failure.

import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

import { launch } from './browser.mjs';
import { serve } from './server.mjs';

const PRODUCT_HOSTS = ['app.acme.example', 'acme.example'];
const LATER = '/customers/ledgerly/';

const [consentSite, offSite, linksFile, onSite] = process.argv.slice(2);
if (!consentSite || !offSite || !linksFile || !onSite) {
  console.error('usage: node persist.mjs CONSENT_SITE_DIR OFF_SITE_DIR LINKS_JSON TRUE_SITE_DIR');
  process.exit(2);
}
const failures = [];
const check = (ok, what) => {
  if (!ok) {
    failures.push(what);
    console.log(`  FAIL ${what}`);
  }
};

const urlPath = (file) => '/' + file.replace(/(^|\/)index\.html$/, '$1');

/** A context whose only network is the local server. */
async function context(browser, server, { gpc = false, init = null, scripts = true } = {}) {
  const ctx = await browser.newContext({
    javaScriptEnabled: scripts,
    extraHTTPHeaders: gpc ? { 'Sec-GPC': '1' } : {},
  });
  await ctx.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === server.url) return route.continue();
    if (PRODUCT_HOSTS.includes(url.hostname)) {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>signup</title>' });
    }
    return route.abort();
  });
  if (gpc) {
    await ctx.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    });
  }
  if (init) await ctx.addInitScript(init);
  return ctx;
}

/** Opens `path`, runs `then` on the page, and returns the main call to
 *  action's referral code (null when it has none), the page's script
 *  errors and what the page stored. */
async function visit(ctx, server, path, then = null) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + path, { waitUntil: 'load' });
  if (then) await page.evaluate(then);
  const href = await page.locator('main a.button--large').first().getAttribute('href');
  const storage = await page.evaluate(() => localStorage.length + sessionStorage.length);
  await page.close();
  return { code: new URL(href).searchParams.get('ref'), errors, storage };
}

const cookies = async (ctx) => (await ctx.cookies()).filter((c) => c.name === 'tailor_ref');

const links = JSON.parse(await readFile(linksFile, 'utf8'));
const a = links.find((l) => l.slug === 'jane-doe') ?? links[0];
const own = urlPath(a.path);
const browser = await launch();
try {
  // --- consent ---------------------------------------------------------
  const server = await serve(consentSite);
  console.log(`persist: consent — ${own} then ${LATER}`);
  {
    const ctx = await context(browser, server);
    // The consent manager's own cookie comes first.
    await ctx.addCookies([{ name: 'cmp_choice', value: 'all', url: server.url }]);
    const first = await visit(ctx, server, own);
    check(first.code === a.code, `consent: ${own} carries its code before any consent (got ${first.code})`);
    check((await cookies(ctx)).length === 0, 'consent: no cookie before consent');
    check(first.storage === 0, 'consent: no storage before consent');
    check(first.errors.length === 0, `consent: script errors ${first.errors}`);
    const later = await visit(ctx, server, LATER, () => window.tailorConsent(true));
    check(later.code === null, `consent: ${LATER} carries no code when none was stored (got ${later.code})`);
    // Consent given on the affiliate page: the code is remembered.
    await visit(ctx, server, own, () => window.tailorConsent(true));
    const stored = await cookies(ctx);
    check(stored.length === 1 && decodeURIComponent(stored[0].value) === a.code, `consent: the code is stored after consent (${JSON.stringify(stored)})`);
    const after = await visit(ctx, server, LATER, () => window.tailorConsent(true));
    check(after.code === a.code, `consent: ${LATER} carries ${a.code} after consent (got ${after.code})`);
    // Without consent on this page, nothing is read.
    const unread = await visit(ctx, server, LATER);
    check(unread.code === null, `consent: ${LATER} reads nothing until consent on that page (got ${unread.code})`);
    // Withdrawn: forgotten.
    await visit(ctx, server, LATER, () => window.tailorConsent(false));
    check((await cookies(ctx)).length === 0, 'consent: withdrawing consent forgets the code');
    await ctx.close();
  }
  {
    // Consent known before the script runs.
    const ctx = await context(browser, server, { init: () => { window.tailorConsent = true; } });
    await visit(ctx, server, own);
    const later = await visit(ctx, server, LATER);
    check(later.code === a.code, `consent: window.tailorConsent = true set first works (got ${later.code})`);
    await ctx.close();
  }
  for (const yes of [true, false]) {
    // IAB TCF v2: purpose 1, store and/or access information on a device.
    const init = `window.__tcfapi = function (cmd, version, cb) {
      if (cmd === 'addEventListener') cb({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: { 1: ${yes} } } }, true);
    };`;
    const ctx = await context(browser, server, { init });
    await visit(ctx, server, own);
    const later = await visit(ctx, server, LATER);
    const want = yes ? a.code : null;
    check(later.code === want, `consent: TCF purpose 1 ${yes ? 'granted' : 'refused'}: ${LATER} carries ${want} (got ${later.code})`);
    check((await cookies(ctx)).length === (yes ? 1 : 0), `consent: TCF ${yes ? 'granted' : 'refused'}: cookie count`);
    await ctx.close();
  }
  {
    // Global Privacy Control wins over consent.
    const ctx = await context(browser, server, { gpc: true });
    const first = await visit(ctx, server, own, () => window.tailorConsent(true));
    check(first.code === a.code, `consent + GPC: ${own} still carries its code`);
    check(first.errors.length === 0, `consent + GPC: script errors ${first.errors}`);
    const later = await visit(ctx, server, LATER, () => window.tailorConsent(true));
    check(later.code === null, `consent + GPC: nothing remembered (got ${later.code})`);
    check((await cookies(ctx)).length === 0, 'consent + GPC: no cookie');
    await ctx.close();
  }
  await server.close();

  // --- false -----------------------------------------------------------
  const off = await serve(offSite);
  console.log(`persist: false — ${own} then ${LATER}`);
  {
    const ctx = await context(browser, off);
    const first = await visit(ctx, off, own);
    check(first.code === a.code, `off: ${own} carries its code`);
    const later = await visit(ctx, off, LATER);
    check(later.code === null, `off: ${LATER} carries no code (got ${later.code})`);
    check((await cookies(ctx)).length === 0 && first.storage === 0, 'off: nothing stored');
    await ctx.close();
    const noScript = await context(browser, off, { scripts: false });
    check((await visit(noScript, off, own)).code === a.code, `off: ${own} carries its code with scripts off`);
    await noScript.close();
  }
  await off.close();

  // --- true, over https, beside a sibling subdomain ------------------------
  // The site as published at https://partners.acme.example (routed to its
  // files: no network), and a page of another subdomain that sets a code
  // for the whole domain, as any subdomain may.
  const origin = 'https://partners.acme.example';
  console.log(`persist: true over https — ${own} then ${LATER}, beside blog.acme.example`);
  {
    const ctx = await browser.newContext();
    const sibling = '<!doctype html><title>blog</title><script>'
      + 'document.cookie = "tailor_ref=evil; domain=acme.example; path=/; secure";'
      + 'document.cookie = "__Host-tailor_ref=evil; domain=acme.example; path=/; secure";'
      + '</script>';
    await ctx.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin) {
        const local = normalize(join(onSite, decodeURIComponent(url.pathname), url.pathname.endsWith('/') ? 'index.html' : ''));
        const body = local.startsWith(normalize(onSite + sep)) ? await readFile(local).catch(() => null) : null;
        if (!body) return route.fulfill({ status: 404, body: '' });
        const type = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg' }[extname(local)] ?? 'application/octet-stream';
        return route.fulfill({ status: 200, contentType: type, body });
      }
      if (url.hostname === 'blog.acme.example') return route.fulfill({ status: 200, contentType: 'text/html', body: sibling });
      if (PRODUCT_HOSTS.includes(url.hostname)) {
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>signup</title>' });
      }
      return route.abort();
    });
    const site = { url: origin };
    const blog = async () => {
      const page = await ctx.newPage();
      await page.goto('https://blog.acme.example/', { waitUntil: 'load' });
      await page.close();
    };
    await blog();
    const planted = (await ctx.cookies(origin)).filter((c) => c.name === 'tailor_ref');
    check(planted.length === 1 && planted[0].value === 'evil', `https: the sibling's domain cookie reaches the site (${JSON.stringify(planted)}), so this check means something`);
    check((await ctx.cookies(origin)).every((c) => c.name !== '__Host-tailor_ref'), 'https: no sibling can set a __Host- cookie');
    const before = await visit(ctx, site, LATER);
    check(before.code === null, `https: ${LATER} ignores the sibling's code (got ${before.code})`);
    check(before.errors.length === 0, `https: script errors ${before.errors}`);
    const first = await visit(ctx, site, own);
    check(first.code === a.code, `https: ${own} carries its code (got ${first.code})`);
    const kept = (await ctx.cookies(origin)).filter((c) => c.name === '__Host-tailor_ref');
    check(kept.length === 1 && decodeURIComponent(kept[0].value) === a.code && kept[0].secure && kept[0].path === '/' && !kept[0].domain.startsWith('.'),
      `https: the code is kept in a __Host- cookie (${JSON.stringify(kept)})`);
    await blog();
    const later = await visit(ctx, site, LATER);
    check(later.code === a.code, `https: ${LATER} carries ${a.code}, not the sibling's (got ${later.code})`);
    await ctx.close();
  }
} finally {
  await browser.close();
}

if (failures.length) {
  console.log(`\n${failures.length} persistence check${failures.length === 1 ? '' : 's'} failed`);
  process.exit(1);
}
console.log('all persistence checks passed');

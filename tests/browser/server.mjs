// A static server for a built site, the way a CDN serves it: index.html for
// folders, 404.html with status 404, the site's _headers rules, gzip for
// text. Loopback only.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/** `_headers` (Netlify and Cloudflare Pages format) as [regex, headers]. */
async function headerRules(root) {
  let text;
  try {
    text = await readFile(join(root, '_headers'), 'utf8');
  } catch {
    return [];
  }
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/:[a-z0-9]+/g, '[^/]+');
      rules.push([new RegExp(`^${pattern}$`), []]);
    } else if (rules.length) {
      const at = line.indexOf(':');
      rules[rules.length - 1][1].push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

async function file(path) {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return file(join(path, 'index.html'));
    return { path, body: await readFile(path) };
  } catch {
    return null;
  }
}

/** Serves `root` on 127.0.0.1; resolves to { url, close }. */
export async function serve(root) {
  const rules = await headerRules(root);
  const server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const local = normalize(join(root, urlPath));
    let found = local.startsWith(normalize(root + sep)) || local === normalize(root)
      ? await file(local)
      : null;
    let status = 200;
    if (!found) {
      status = 404;
      found = await file(join(root, '404.html'));
      if (!found) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
    }
    const type = TYPES[extname(found.path)] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type };
    for (const [re, hs] of rules) {
      if (re.test(urlPath)) for (const [k, v] of hs) headers[k] = v;
    }
    let body = found.body;
    if (/text|xml|svg|json/.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
      headers['Vary'] = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// Draws the default theme's social preview image, the picture Open Graph and
// Twitter cards show when a page is shared: 1200x630, with no words in it so
// it suits every language and every site.
//
//   node social-image.mjs            writes themes/default/static/social.jpg
//
// Needs /usr/bin/chromium (or CHROME_PATH), as the browser checks do.

import { fileURLToPath } from 'node:url';

import { launch } from './browser.mjs';

const out = fileURLToPath(new URL('../../themes/default/static/social.jpg', import.meta.url));

// The theme's colours (static/css/site.css): brand indigo, accent teal.
const card = (y, width, bar) => `
  <g transform="translate(640 ${y})">
    <rect width="460" height="128" rx="20" fill="#fff"/>
    <circle cx="64" cy="64" r="30" fill="#eef0ff"/>
    <path d="M50 70l9-11 8 8 13-17" fill="none" stroke="#3730a3" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>
    <rect x="116" y="36" width="${width}" height="16" rx="8" fill="#d1d5db"/>
    <rect x="116" y="68" width="${bar}" height="24" rx="12" fill="#0f766e"/>
  </g>`;

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2b2580"/>
      <stop offset="1" stop-color="#3730a3"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.85" cy="0.1" r="0.7">
      <stop offset="0" stop-color="#0f766e" stop-opacity=".55"/>
      <stop offset="1" stop-color="#0f766e" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="mark" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4f46e5"/>
      <stop offset="1" stop-color="#0f766e"/>
    </linearGradient>
  </defs>
  <rect width="1200" height="630" fill="url(#bg)"/>
  <rect width="1200" height="630" fill="url(#glow)"/>
  <g transform="translate(100 150)">
    <rect width="200" height="200" rx="48" fill="url(#mark)"/>
    <path d="M50 138l31-43 25 25 44-62" fill="none" stroke="#fff" stroke-width="18" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
  <rect x="100" y="400" width="380" height="22" rx="11" fill="#fff" fill-opacity=".9"/>
  <rect x="100" y="440" width="300" height="22" rx="11" fill="#fff" fill-opacity=".55"/>
  <rect x="100" y="496" width="220" height="64" rx="32" fill="#fff"/>
  <path d="M262 514l14 14-14 14" fill="none" stroke="#3730a3" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>
  <rect x="132" y="520" width="100" height="16" rx="8" fill="#3730a3"/>
  ${card(90, 260, 180)}
  ${card(251, 220, 240)}
  ${card(412, 280, 140)}
</svg>`;

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
  await page.setContent(`<!doctype html><style>html,body{margin:0}</style>${svg}`);
  await page.screenshot({ path: out, type: 'jpeg', quality: 90 });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}

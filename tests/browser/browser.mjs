// Debian's Chromium, started the same way by every script here. Without the
// background-networking flags Chromium keeps calling Google's hosts, which
// a closed network refuses.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags for any headless start, by Playwright or by Lighthouse's launcher. */
export const CHROME_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium through Playwright, with `extra` flags. */
export const launch = (extra = []) =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--headless', ...CHROME_FLAGS, ...extra] });

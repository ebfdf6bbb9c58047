// What every browser walk shares: Debian's Chromium started headless without anything that
// would call other sites, pages with JavaScript disabled that record requests to other origins,
// and a navigation helper.
import { chromium } from 'playwright-core';

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-domain-reliability'],
});

// A new context (no cookies, no history) with JavaScript off; requests leaving `base` are
// pushed onto `foreign`.
export const open = async (browser, base, foreign) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  page.on('request', request => { if (!request.url().startsWith(base + '/')) foreign.push(request.url()); });
  return { context, page };
};

// Runs `action` and waits for the navigation it causes; returns the final response.
export const go = async (page, action) => {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  await page.waitForLoadState('load');
  return response;
};

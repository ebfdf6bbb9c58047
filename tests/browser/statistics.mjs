// Public statistics in a real browser with JavaScript disabled, in all six locales: the
// statistics page (the month line, the tactic bars, the map by host country with withheld
// countries marked, each with its table and CSV link, the method) and the page of further
// tables. Records the bytes of each page with everything it loaded, and every request to
// another origin (there must be none).
// Usage: node statistics.mjs <base URL> <output folder>
// Prints a JSON summary: { foreign: [...], pages: { "<locale>/<page>": bytes } }.
import { launch } from './common.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };
const results = { foreign: [], pages: {} };
const browser = await launch();
try {
  for (const locale of ['en', 'fr', 'zh-Hans', 'zh-Hant', 'ug', 'bo']) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 1100 } });
    const page = await context.newPage();
    let current = `${locale}/statistics`;
    page.on('request', request => {
      if (!request.url().startsWith(base + '/')) results.foreign.push(`${current}: ${request.url()}`);
    });
    page.on('response', response => {
      results.pages[current] = (results.pages[current] || 0) + Number(response.headers()['content-length'] || 0);
    });
    const visit = async (name, url) => {
      current = `${locale}/${name}`;
      const response = await page.goto(url);
      await page.waitForLoadState('load');
      check(response.status() === 200, `${current}: ${response.status()}`);
      check(!(await page.content()).includes('<script'), `${current}: no script element`);
    };
    await visit('statistics', `${base}/${locale}/statistics`);
    const dir = await page.getAttribute('html', 'dir');
    check(dir === (locale === 'ug' ? 'rtl' : 'ltr'), `${locale}: dir=${dir}`);
    check(await page.locator('svg.world-map').count() === 1, `${locale}: the map is drawn`);
    check(await page.locator('svg.chart').count() >= 3, `${locale}: the charts are drawn`);
    check(await page.locator('#method p').count() >= 5, `${locale}: the method is written out`);
    check(await page.locator('a[href*="statistics.csv"]').count() >= 3, `${locale}: CSV links`);
    await page.screenshot({ path: join(out, `statistics-1-page-${locale}.png`), fullPage: true });
    await visit('tables', `${base}/${locale}/statistics/tables`);
    check(await page.locator('#table-tactic_host_country').count() === 1, `${locale}: the two-way table`);
    await page.screenshot({ path: join(out, `statistics-2-tables-${locale}.png`), fullPage: false });
    await context.close();
  }
} catch (error) {
  failures.push(`walk stopped: ${error.stack || error}`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(results));

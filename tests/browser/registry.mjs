// The public registry in a real browser with JavaScript disabled: a researcher publishes three
// imported drafts through the workbench's button → in each of the six locales, a visitor opens
// the registry (its world map and table), narrows it to one country with the filter form, and
// opens an entry (the allegation with the official responses beside it, the sources, the
// history). Records the bytes of each page with everything it loaded, and every request to
// another origin (there must be none).
// Usage: node registry.mjs <base URL> <output folder> <researcher> <password>
// Prints a JSON summary: { foreign: [...], pages: { "<locale>/<page>": bytes } }.
import { launch } from './common.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, out, researcher, password] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };
const results = { foreign: [], pages: {} };
const browser = await launch();

// A context whose responses are counted against the page that asked for them.
const session = async label => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 1100 } });
  const page = await context.newPage();
  const state = { current: label };
  page.on('request', request => {
    if (!request.url().startsWith(base + '/')) results.foreign.push(`${state.current}: ${request.url()}`);
  });
  page.on('response', response => {
    results.pages[state.current] = (results.pages[state.current] || 0) + Number(response.headers()['content-length'] || 0);
  });
  const navigate = async (name, action) => {
    state.current = name;
    const [response] = await Promise.all([page.waitForNavigation(), action()]);
    await page.waitForLoadState('load');
    check(!(await page.content()).includes('<script'), `${name}: no script element`);
    return response;
  };
  return { context, page, navigate };
};

try {
  // 1. The researcher publishes three imported drafts with the workbench's button.
  const work = await session('staff/sign-in');
  let page = work.page;
  await work.navigate('staff/sign-in', () => page.goto(`${base}/en/staff/login`));
  await page.fill('#username', researcher);
  await page.fill('#password', password);
  await work.navigate('staff/registry', () => page.click('button[type="submit"]'));
  check(page.url().endsWith('/en/staff/registry'), `a researcher lands on the registry (${page.url()})`);
  for (const reference of ['CA-01', 'NL-02', 'US-01']) {
    await work.navigate('staff/registry', () => page.goto(`${base}/en/staff/registry`));
    const row = page.locator('#registry-entries tr', { hasText: reference });
    await work.navigate('staff/entry', () => row.locator('a').first().click());
    const published = await work.navigate('staff/published', () => page.click('#publish button[type="submit"]'));
    check(published.status() === 200, `${reference}: publishing answered ${published.status()}`);
    check((await page.content()).includes('The public registry now shows this version'), `${reference} is published`);
  }
  await page.screenshot({ path: join(out, 'registry-0-workbench.png'), fullPage: true });
  await work.context.close();

  // 2. The public side, in every locale.
  for (const locale of ['en', 'fr', 'zh-Hans', 'zh-Hant', 'ug', 'bo']) {
    const visit = await session(`${locale}/list`);
    page = visit.page;
    const listed = await visit.navigate(`${locale}/list`, () => page.goto(`${base}/${locale}/registry`));
    check(listed.status() === 200, `${locale}: the registry answered ${listed.status()}`);
    const dir = await page.getAttribute('html', 'dir');
    check(dir === (locale === 'ug' ? 'rtl' : 'ltr'), `${locale}: dir=${dir}`);
    check(await page.locator('svg.world-map').count() === 1, `${locale}: the map is drawn`);
    check(await page.locator('table.counts tbody tr').count() === 3, `${locale}: the table names three countries`);
    check(await page.locator('table.registry tbody tr').count() === 3, `${locale}: three entries listed`);
    await page.screenshot({ path: join(out, `registry-1-list-${locale}.png`), fullPage: true });

    await page.selectOption('#f-country', 'CA');
    await visit.navigate(`${locale}/filtered`, () => page.click('#registry-filters button[type="submit"]'));
    check(page.url().includes('country=CA'), `${locale}: the filter is in the address`);
    check(await page.locator('table.registry tbody tr').count() === 1, `${locale}: one Canadian entry`);

    await visit.navigate(`${locale}/entry`, () => page.locator('table.registry tbody a').first().click());
    check(await page.locator('.side-by-side section').count() === 2, `${locale}: allegation and responses side by side`);
    check(await page.locator('ol.sources li').count() > 3, `${locale}: the sources are listed`);
    await page.screenshot({ path: join(out, `registry-2-entry-${locale}.png`), fullPage: true });
    await visit.context.close();
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

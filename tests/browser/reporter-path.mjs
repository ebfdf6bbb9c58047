// The reporter path in a real browser with JavaScript disabled, in every locale:
// landing → form → a validation error → corrected submit → receipt → quick exit.
// Usage: node reporter-path.mjs <base URL> <neutral URL> <output folder>
// Writes screenshots and results.json to the output folder; exits non-zero on any failure.
import { launch } from './common.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, neutral, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const narratives = {
  en: 'A man who said he was from the consulate called my mother twice in October.',
  fr: 'Un homme disant venir du consulat a appelé ma mère deux fois en octobre.',
  'zh-Hans': '一个自称来自领事馆的人十月份给我母亲打了两次电话。',
  'zh-Hant': '一個自稱來自領事館的人十月份給我母親打了兩次電話。',
  ug: 'ئۆزىنى كونسۇلخانىدىن دېگەن بىر ئادەم ئۆكتەبىردە ئانامغا ئىككى قېتىم تېلېفون قىلدى.',
  bo: 'མི་ཞིག་གིས་རང་ཉིད་གཞུང་ཚབ་ཁང་ནས་ཡིན་ཟེར་ནས་ཟླ་བ་བཅུ་པར་ངའི་ཨ་མར་ཁ་པར་ཐེངས་གཉིས་བཏང་།',
};
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };

const browser = await launch();
const results = { locales: {}, requests: 0, foreign: [] };
try {
  for (const tag of Object.keys(narratives)) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 1000 } });
    const page = await context.newPage();
    let current = 'start';
    const bytes = {};
    let leaving = false;
    page.on('request', request => {
      results.requests += 1;
      if (!request.url().startsWith(base + '/') && !leaving) results.foreign.push(`${tag}/${current}: ${request.url()}`);
    });
    page.on('response', response => {
      if (leaving) return;
      // Every response of ours carries Content-Length; counting it here, synchronously, keeps
      // each byte with the page that asked for it.
      bytes[current] = (bytes[current] || 0) + Number(response.headers()['content-length'] || 0);
    });
    const shot = async name => page.screenshot({ path: join(out, `${tag}-${name}.png`), fullPage: true });
    const navigate = async (label, action) => {
      current = label;
      const [response] = await Promise.all([page.waitForNavigation(), action()]);
      await page.waitForLoadState('load');
      check(!(await page.content()).includes('<script'), `${tag}/${label}: no script element`);
      return response;
    };

    await navigate('start', () => page.goto(base + '/'));
    await navigate('landing', () => page.click(`ul.languages-big a[lang="${tag}"]`));
    const dir = await page.getAttribute('html', 'dir');
    const lang = await page.getAttribute('html', 'lang');
    check(lang === tag, `${tag}: html lang is ${lang}`);
    check(dir === (tag === 'ug' ? 'rtl' : 'ltr'), `${tag}: html dir is ${dir}`);
    const brand = await page.locator('.brand').boundingBox();
    const rightToLeft = brand.x > 450;
    check(rightToLeft === (tag === 'ug'), `${tag}: page renders ${rightToLeft ? 'right-to-left' : 'left-to-right'}`);
    check(await page.locator('.quick-exit').isVisible(), `${tag}: quick exit visible on the landing page`);
    await shot('1-landing');

    const form = await navigate('form', () => page.click('a.button'));
    check(form.status() === 200, `${tag}: form answered ${form.status()}`);
    check(await page.locator('.quick-exit').isVisible(), `${tag}: quick exit visible on the form`);
    await shot('2-form');

    // The city's label is never covered by its box, whatever the script.
    const cityLabel = await page.locator('label[for="city"]').boundingBox();
    const cityBox = await page.locator('#city').boundingBox();
    check(cityLabel.y + cityLabel.height <= cityBox.y + 1, `${tag}: the city label stands clear of its box`);
    await page.fill('#city', 'Toronto');
    const invalid = await navigate('error', () => page.click('button[value="submit"]'));
    check(invalid.status() === 400, `${tag}: empty report answered ${invalid.status()}`);
    check(await page.locator('#narrative-error').isVisible(), `${tag}: the error is shown beside the narrative`);
    check((await page.inputValue('#city')) === 'Toronto', `${tag}: input kept after the error`);
    await shot('3-error');

    await page.fill('#narrative', narratives[tag]);
    await page.check('input[value="relatives_threatened"]');
    await page.selectOption('#host_country', 'CA');
    const accepted = await navigate('receipt', () => page.click('button[value="submit"]'));
    check(accepted.status() === 200, `${tag}: submission answered ${accepted.status()}`);
    const receipt = (await page.textContent('#receipt') || '').trim();
    check(/^\d{4}( \d{4}){6}$/.test(receipt), `${tag}: receipt shown (${receipt})`);
    await shot('4-receipt');

    leaving = true;
    await Promise.all([page.waitForNavigation(), page.click('.quick-exit')]);
    check(page.url().startsWith(neutral), `${tag}: quick exit leads to the neutral site (${page.url()})`);

    results.locales[tag] = { receipt_shown: receipt.length > 0, dir, bytes };
    await context.close();
  }
} catch (error) {
  failures.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
check(results.foreign.length === 0, `requests to other origins: ${results.foreign.join(', ')}`);
results.failures = failures;
writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(results));

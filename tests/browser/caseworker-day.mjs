// A caseworker's day in a real browser with JavaScript disabled: reports arrive in Uyghur and
// Chinese → the caseworker sets up two-factor sign-in (QR code page, code from the key) → signs
// in on the Uyghur pages with a code (right to left) → in each of the six locales: searches
// the inbox in Uyghur and Chinese, filters, opens the case, assigns it to herself, changes its
// status and urgency, writes a note. Screenshots of each step go to the output folder.
// Usage: node caseworker-day.mjs <base URL> <output folder> <staff user> <staff password>
import { launch, open as openContext, go } from './common.mjs';
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, out, username, password] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };
const foreign = [];
const LOCALES = ['en', 'fr', 'zh-Hans', 'zh-Hant', 'ug', 'bo'];
const STATUSES = ['triaged', 'in_progress', 'referred', 'in_progress', 'triaged', 'in_progress'];

// RFC 4648 base32 and RFC 6238 TOTP (SHA-1, six digits, 30 s): what an authenticator app does.
const base32 = text => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
};
const totp = (secret, seconds) => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
};
const now = () => Date.now() / 1000;

const browser = await launch();
const open = () => openContext(browser, base, foreign);
const result = { locales: {} };
const uyghurWord = 'تېلېفون';
const chineseWord = '威胁';
try {
  // 1. Two reports arrive.
  for (const [locale, narrative] of [
    ['ug', 'ئۇلار ئىنىمغا تېلېفون قىلىپ ئائىلەمنى قورقۇتتى.'],
    ['zh-Hans', '有人打电话威胁我在国内的父母。'],
  ]) {
    const reporter = await open();
    await go(reporter.page, () => reporter.page.goto(`${base}/${locale}/report`));
    await reporter.page.fill('#narrative', narrative);
    const sent = await go(reporter.page, () => reporter.page.click('button[value="submit"]'));
    check(sent.status() === 200, `a report in ${locale} answered ${sent.status()}`);
    await reporter.context.close();
  }

  // 2. Two-factor enrolment: the QR code page, confirmed with the current code.
  const first = await open();
  let page = first.page;
  await go(page, () => page.goto(base + '/en/staff/login'));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await go(page, () => page.click('button[type="submit"]'));
  await go(page, () => page.goto(base + '/en/staff/account/two-factor'));
  await go(page, () => page.click('#tf-begin button[type="submit"]'));
  check((await page.locator('#tf-qr svg').count()) === 1, 'the QR code is drawn');
  check((await page.locator('#recovery-codes li').count()) === 10, 'ten recovery codes are shown');
  await page.screenshot({ path: join(out, 'day-0-enrol.png'), fullPage: true });
  const secret = base32(await page.textContent('#tf-secret'));
  const enrolledAt = now();
  await page.fill('#confirm-code', totp(secret, enrolledAt));
  await go(page, () => page.click('#tf-confirm button[type="submit"]'));
  check((await page.locator('#tf-state').count()) === 1, `two-factor is on (${page.url()})`);
  await first.context.close();

  // 3. Sign in on the Uyghur pages; the code is the next one the app shows (a code is taken once).
  const day = await open();
  page = day.page;
  await go(page, () => page.goto(base + '/ug/staff/login'));
  check((await page.getAttribute('html', 'dir')) === 'rtl', 'the Uyghur sign-in page is right to left');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await go(page, () => page.click('button[type="submit"]'));
  check((await page.locator('#code').count()) === 1, 'the code page follows the password');
  check((await page.getAttribute('html', 'dir')) === 'rtl', 'the Uyghur code page is right to left');
  await page.screenshot({ path: join(out, 'day-1-code-ug.png'), fullPage: true });
  const nextStep = (Math.floor(enrolledAt / 30) + 1) * 30;
  if (now() < nextStep) await new Promise(resolve => setTimeout(resolve, (nextStep - now()) * 1000 + 200));
  await page.fill('#code', totp(secret, now()));
  await go(page, () => page.click('button[type="submit"]'));
  check(page.url().includes('/ug/staff/inbox'), `signed in with the code (${page.url()})`);

  // 4. The day's work, in every locale.
  for (const [index, locale] of LOCALES.entries()) {
    const seen = {};
    await go(page, () => page.goto(`${base}/${locale}/staff/inbox`));
    seen.rtl = (await page.getAttribute('html', 'dir')) === 'rtl';
    check(seen.rtl === (locale === 'ug'), `${locale}: direction of the inbox`);
    // Search in Chinese (no spaces between words) and in Uyghur.
    await page.fill('#filters [name="q"]', chineseWord);
    await go(page, () => page.click('#filters button[type="submit"]'));
    check((await page.locator('a[href*="/staff/reports/"]').count()) === 1, `${locale}: one report matches ${chineseWord}`);
    await page.fill('#filters [name="q"]', uyghurWord);
    await go(page, () => page.click('#filters button[type="submit"]'));
    check((await page.locator('a[href*="/staff/reports/"]').count()) === 1, `${locale}: one report matches ${uyghurWord}`);
    check(decodeURIComponent(page.url()).includes(uyghurWord), `${locale}: the search is in the address (a bookmark)`);
    await page.screenshot({ path: join(out, `day-2-search-${locale}.png`), fullPage: true });
    await go(page, () => page.click('a[href*="/staff/reports/"]'));
    // Assign to herself, set status and urgency.
    await page.selectOption('#case-assignee', { label: username });
    await page.selectOption('#case-status', STATUSES[index]);
    await page.selectOption('#case-urgency', 'high');
    await go(page, () => page.click('form.case button[type="submit"]'));
    check((await page.inputValue('#case-status')) === STATUSES[index], `${locale}: status now ${STATUSES[index]}`);
    check((await page.inputValue('#case-urgency')) === 'high', `${locale}: urgency high`);
    // A note.
    const note = `Called the family back (${locale}). ئائىلىسى بىلەن سۆزلەشتىم.`;
    await page.fill('#note-body', note);
    await go(page, () => page.click('form[action$="/notes"] button[type="submit"]'));
    check((await page.content()).includes(`(${locale})`), `${locale}: the note shows`);
    check(((await page.getAttribute('html', 'dir')) === 'rtl') === (locale === 'ug'), `${locale}: direction of the report page`);
    await page.screenshot({ path: join(out, `day-3-case-${locale}.png`), fullPage: true });
    // The inbox filtered to "mine, high urgency".
    await go(page, () => page.goto(`${base}/${locale}/staff/inbox?assignee=me&urgency=high`));
    seen.mine = await page.locator('a[href*="/staff/reports/"]').count();
    check(seen.mine === 1, `${locale}: my high-urgency cases: ${seen.mine}`);
    result.locales[locale] = seen;
  }
  await day.context.close();
} catch (error) {
  failures.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
check(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
result.foreign = foreign;
result.failures = failures;
writeFileSync(join(out, 'caseworker-day.json'), JSON.stringify(result, null, 2));
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(result));

// Correlation and referral in a real browser with JavaScript disabled: two reports arrive, in
// Tibetan and in Uyghur, naming the same phone number written two ways (the Tibetan reporter
// agrees to partner organisations) → an administrator registers a legal-aid clinic with its age
// key → a caseworker opens the Uyghur report, follows the match to the Tibetan one, and refers
// it: the browser downloads the encrypted file → the reporter, in Tibetan, sees where the case
// went and withdraws consent → the caseworker's second referral is refused, with the reason.
// Usage: node referral.mjs <base URL> <output folder> <admin> <caseworker> <password> <partner age key>
import { launch, open as openContext, go } from './common.mjs';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, out, admin, caseworker, password, partnerKey] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };
const foreign = [];
const browser = await launch();
const open = async () => {
  const opened = await openContext(browser, base, foreign);
  return opened;
};
const result = {};

const signIn = async (page, locale, username) => {
  await go(page, () => page.goto(`${base}/${locale}/staff/login`));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await go(page, () => page.click('button[type="submit"]'));
};

try {
  // 1. Two reports with the same number, written two ways.
  let receipt = '';
  for (const [locale, narrative, phone, consent] of [
    ['bo', 'ཁོང་ཚོས་ང་ཡི་ཨ་མ་ལ་ཁ་པར་བཏང་སོང་།', '+86 138 0013 8000', true],
    ['ug', 'ئۇلار ئاپامغا تېلېفون قىلدى.', '0086-138-0013-8000', false],
  ]) {
    const reporter = await open();
    const page = reporter.page;
    await go(page, () => page.goto(`${base}/${locale}/report`));
    await page.fill('#narrative', narrative);
    await page.selectOption('select[name="identifiers.0.kind"]', 'phone');
    await page.fill('input[name="identifiers.0.value"]', phone);
    if (consent) await page.check('input[name="consent.refer_to_partners"]');
    const sent = await go(page, () => page.click('button[value="submit"]'));
    check(sent.status() === 200, `the ${locale} report answered ${sent.status()}`);
    if (locale === 'bo') receipt = (await page.textContent('#receipt')).trim();
    await reporter.context.close();
  }
  check(receipt.length > 0, 'the Tibetan receipt is shown');

  // 2. The administrator registers a partner.
  const adminSide = await open();
  let page = adminSide.page;
  await signIn(page, 'en', admin);
  await go(page, () => page.goto(`${base}/en/staff/admin/partners`));
  await page.fill('#partner-name', 'Legal Aid Clinic');
  await page.selectOption('#partner-kind', 'legal_aid');
  await page.fill('#partner-key', partnerKey);
  await go(page, () => page.click('form[action$="/staff/admin/partners"] button[type="submit"]'));
  check((await page.content()).includes(partnerKey), 'the partner is listed');
  await page.screenshot({ path: join(out, 'referral-0-partners.png'), fullPage: true });
  await adminSide.context.close();

  // 3. The caseworker opens the Uyghur report and follows its match to the Tibetan one.
  const work = await open();
  page = work.page;
  await signIn(page, 'en', caseworker);
  await go(page, () => page.goto(`${base}/en/staff/inbox?language=ug`));
  const uyghur = page.locator('a[href*="/staff/reports/"]').first();
  await go(page, () => uyghur.click());
  const from = page.url();
  check((await page.content()).includes('ئۇلار ئاپامغا'), 'the Uyghur report is open');
  // The first caseworker page makes the correlation key and indexes what it can in a quarter
  // of a second; the rest follows in the background ("still being indexed"): reload until done.
  for (let i = 0; i < 40 && (await page.locator('#identifiers ul.matches a').count()) === 0; i++) {
    await new Promise(resolve => setTimeout(resolve, 500));
    await go(page, () => page.reload());
  }
  const match = page.locator('#identifiers ul.matches a').first();
  check((await match.count()) === 1, 'the phone number matches another report');
  await page.screenshot({ path: join(out, 'referral-1-match.png'), fullPage: true });
  await go(page, () => match.click());
  check(page.url() !== from, 'followed the match to another report');
  check((await page.content()).includes('ཁོང་ཚོས་ང་ཡི་ཨ་མ་ལ'), 'the Tibetan report is open');
  const back = page.locator('#identifiers ul.matches a').first();
  check((await back.count()) === 1 && from.endsWith(new URL(await back.getAttribute('href'), base).pathname),
    'and it matches the Uyghur one back');
  const tibetanReport = page.url();

  // 4. Refer it: the answer is the encrypted file, downloaded.
  await page.selectOption('#referral-partner', 'Legal Aid Clinic');
  await page.check('input[name="narrative"]');
  await page.check('input[name="identifiers"]');
  await page.check('input[name="files"][value="none"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('form.referral button[type="submit"]'),
  ]);
  const saved = join(out, 'referral-bundle.age');
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  check(bytes.subarray(0, 21).toString() === 'age-encryption.org/v1', 'the download is an age file');
  result.bundleBytes = bytes.length;
  await go(page, () => page.goto(tibetanReport));
  check((await page.locator('#referrals li').count()) === 1, 'the referral is listed on the report');
  await page.screenshot({ path: join(out, 'referral-2-referred.png'), fullPage: true });

  // 5. The reporter, in Tibetan, sees the referral and withdraws consent.
  const reporter = await open();
  const rp = reporter.page;
  await go(rp, () => rp.goto(`${base}/bo/followup`));
  await rp.fill('#receipt', receipt);
  await go(rp, () => rp.click('button[type="submit"]'));
  check((await rp.getAttribute('html', 'lang')) === 'bo', 'the follow-up page is in Tibetan');
  check((await rp.locator('#referrals').count()) === 1, 'the reporter sees the referral');
  const referredText = await rp.textContent('#referrals + ul');
  check(!referredText.includes('Legal Aid Clinic'), 'but not the partner\'s name');
  check(await rp.isChecked('input[name="consent.refer_to_partners"]'), 'partners are allowed so far');
  await rp.screenshot({ path: join(out, 'referral-3-reporter-bo.png'), fullPage: true });
  await rp.uncheck('input[name="consent.refer_to_partners"]');
  await go(rp, () => rp.click('#consent-save'));
  check((await rp.locator('#followup-notice').count()) === 1, 'the change is confirmed');
  check(!(await rp.isChecked('input[name="consent.refer_to_partners"]')), 'partners are no longer allowed');
  await rp.screenshot({ path: join(out, 'referral-4-consent-bo.png'), fullPage: true });
  await reporter.context.close();

  // 6. The caseworker tries again: refused, with the reason, nothing downloaded.
  await go(page, () => page.goto(tibetanReport));
  await page.selectOption('#referral-partner', 'Legal Aid Clinic');
  const refused = await go(page, () => page.click('form.referral button[type="submit"]'));
  check(refused.status() === 403, `the second referral answered ${refused.status()}`);
  check((await page.locator('#referral-error').count()) === 1, 'the page says why');
  await page.screenshot({ path: join(out, 'referral-5-refused.png'), fullPage: true });
  await work.context.close();
} catch (error) {
  failures.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
check(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
result.foreign = foreign;
result.failures = failures;
writeFileSync(join(out, 'referral.json'), JSON.stringify(result, null, 2));
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(result));

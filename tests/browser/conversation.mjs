// A report's whole conversation in a real browser with JavaScript disabled:
// the reporter submits with two files → receipt → a caseworker replies from the report page →
// the reporter signs in with the receipt (typed in Arabic-Indic digits), reads the reply, answers
// and adds a file → the caseworker sees the answer and all three files.
// Usage: node conversation.mjs <base URL> <output folder> <staff user> <staff password> <file>...
// Writes screenshots and conversation.json to the output folder; exits non-zero on any failure.
import { launch, open as openContext, go } from './common.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [base, out, username, password, ...files] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };
const foreign = [];

const browser = await launch();
const open = () => openContext(browser, base, foreign);
const question = 'Did the same number call you again? 同一个号码又打来了吗？';
const answer = 'ھەئە، ئىككى قېتىم. Yes, twice, from +86 138 0013 8000.';
const result = {};
try {
  // 1. The reporter submits in Uyghur with two files.
  const reporter = await open();
  let page = reporter.page;
  await go(page, () => page.goto(base + '/ug/report'));
  await page.fill('#narrative', 'ئۇلار ماڭا بۇ رەسىملەرنى ئەۋەتتى.');
  await page.setInputFiles('#files', files.slice(0, 2));
  let response = await go(page, () => page.click('button[value="submit"]'));
  check(response.status() === 200, `submission answered ${response.status()}`);
  const receipt = (await page.textContent('#receipt') || '').trim();
  check(/^\d{4}( \d{4}){6}$/.test(receipt), `receipt shown (${receipt})`);
  for (const file of files.slice(0, 2)) {
    check((await page.content()).includes(basename(file)), `receipt page lists ${basename(file)}`);
  }
  await page.screenshot({ path: join(out, 'conversation-1-receipt.png'), fullPage: true });
  await reporter.context.close();

  // 2. A caseworker signs in and replies.
  const staff = await open();
  page = staff.page;
  await go(page, () => page.goto(base + '/en/staff/login'));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await go(page, () => page.click('button[type="submit"]'));
  await go(page, () => page.click('a[href*="/staff/reports/"]'));
  const reportUrl = page.url();
  await page.fill('#body', question);
  await go(page, () => page.click('form[action$="/messages"] button[type="submit"]'));
  check((await page.content()).includes('同一个号码又打来了吗'), 'the reply shows on the report page');

  // 3. The reporter comes back with the receipt, typed in Arabic-Indic digits.
  const back = await open();
  page = back.page;
  await go(page, () => page.goto(base + '/ug/followup'));
  const typed = receipt.replace(/\d/g, d => String.fromCharCode(0x0660 + Number(d))).replace(/ /g, '-');
  await page.fill('#receipt', typed);
  response = await go(page, () => page.click('form[action$="/followup"] button[type="submit"]'));
  check(response.status() === 200, `follow-up sign-in answered ${response.status()}`);
  check(page.url().endsWith('/ug/followup/case'), `signed in (${page.url()})`);
  check(!page.url().includes(receipt.slice(0, 4)), 'the receipt is not in the URL');
  check((await page.content()).includes('同一个号码又打来了吗'), 'the reporter reads the reply');
  check((await page.getAttribute('html', 'dir')) === 'rtl', 'the follow-up page is right-to-left');
  await page.screenshot({ path: join(out, 'conversation-2-reply.png'), fullPage: true });
  await page.fill('#body', answer);
  await go(page, () => page.click('form[action$="/followup/messages"] button[type="submit"]'));
  check((await page.content()).includes('ئىككى قېتىم'), 'the answer shows in the conversation');
  await page.setInputFiles('#files', files.slice(2, 3));
  response = await go(page, () => page.click('form[action$="/followup/files"] button[type="submit"]'));
  check(response.status() === 200, `adding a file answered ${response.status()}`);
  check((await page.content()).includes(basename(files[2])), 'the added file is listed');
  await page.screenshot({ path: join(out, 'conversation-3-answered.png'), fullPage: true });
  await back.context.close();

  // 4. The caseworker sees both.
  page = staff.page;
  await go(page, () => page.goto(base + '/en/staff/inbox'));
  check((await page.locator('.unread').count()) === 1, 'the inbox marks the unread reply');
  await go(page, () => page.goto(reportUrl));
  const content = await page.content();
  check(content.includes('ئىككى قېتىم'), 'the caseworker reads the answer');
  for (const file of files) check(content.includes(basename(file)), `the caseworker sees ${basename(file)}`);
  await page.screenshot({ path: join(out, 'conversation-4-caseworker.png'), fullPage: true });
  result.receipt_shown = receipt.length > 0;
  await staff.context.close();
} catch (error) {
  failures.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
check(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
result.foreign = foreign;
result.failures = failures;
writeFileSync(join(out, 'conversation.json'), JSON.stringify(result, null, 2));
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(result));

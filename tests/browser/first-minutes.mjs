// What a reporter and a caseworker meet in their first minutes, in a real browser with
// JavaScript disabled, in Uyghur and Traditional Chinese (issue 8, items 1–4 and 6):
// - the receipt lists exactly the files chosen: none, one, several (1);
// - words typed when a session ended come back in the box after signing in again, unsent (2);
// - reloading after sending sends nothing again, for messages and files (3);
// - the receipt is shown only in its window: a reload within it shows it again, Back brings
//   no words back into the form, "hide it now" ends it, and after the window it is gone (4);
// - a phone number copied from a right-to-left chat, with its invisible marks, is accepted (6).
// Usage: node first-minutes.mjs <base URL> <output folder> <staff user> <staff password>
//        <window seconds> <file>...
// Writes screenshots and first-minutes.json to the output folder; exits non-zero on failure.
import { launch, open as openContext, go } from './common.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [base, out, username, password, windowSeconds, ...files] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };
const foreign = [];
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const browser = await launch();
const open = () => openContext(browser, base, foreign);
const text = async (page, selector) => ((await page.textContent(selector)) || '').trim();
const count = async (page, needle) => (await page.content()).split(needle).length - 1;

const words = {
  ug: {
    narrative: 'ئۇلار ئانامغا تېلېفون قىلىپ، مېنى قايتىپ كېلىشكە زورلىدى.',
    later: 'ئۇلار بۈگۈن يەنە تېلېفون قىلدى — سىناق خەت 5521',
    staff: 'Did they call from the same number? قايسى نومۇر؟',
  },
  'zh-Hant': {
    narrative: '他們打電話給我母親，要我回國。',
    later: '他們今天又打來了——測試訊息 5521',
    staff: '是同一個號碼打來的嗎？Same number?',
  },
};
// As copied from a right-to-left chat: right-to-left, left-to-right and Arabic letter marks.
const markedPhone = '\u200F+86 138\u200E 0013 8000\u061C';
const result = { locales: {} };

try {
  // One report per locale sent first, to look at again once its window has passed.
  const late = {};
  for (const tag of Object.keys(words)) {
    const { context, page } = await open();
    await go(page, () => page.goto(`${base}/${tag}/report`));
    await page.fill('#narrative', words[tag].narrative);
    await go(page, () => page.click('button[value="submit"]'));
    late[tag] = { context, page, receipt: await text(page, '#receipt'), sent: Date.now() };
    check(/^\d{4}( \d{4}){6}$/.test(late[tag].receipt), `${tag}: receipt of the late report (${late[tag].receipt})`);
  }

  for (const tag of Object.keys(words)) {
    const shot = name => page.screenshot({ path: join(out, `first-minutes-${tag}-${name}.png`), fullPage: true });
    const seen = { receipts: [] };
    const { context, page } = await open();

    // 1, 4, 6: a report without files, with a marked phone number.
    await go(page, () => page.goto(`${base}/${tag}/report`));
    check((await page.getAttribute('form[action$="/report"]', 'autocomplete')) === 'off', `${tag}: the form asks not to be refilled`);
    await page.fill('#narrative', words[tag].narrative);
    await page.selectOption('select[name="identifiers.0.kind"]', 'phone');
    await page.fill('input[name="identifiers.0.value"]', markedPhone);
    let response = await go(page, () => page.click('button[value="submit"]'));
    check(response.status() === 200, `${tag}: sending answered ${response.status()}`);
    check(page.url() === `${base}/${tag}/report`, `${tag}: the receipt comes at the form's own address (${page.url()})`);
    const receipt = await text(page, '#receipt');
    check(/^\d{4}( \d{4}){6}$/.test(receipt), `${tag}: receipt shown despite the direction marks (${receipt})`);
    check(await page.locator('#receipt-no-files').isVisible(), `${tag}: no file listed when none was chosen`);
    check((await page.locator('li.file').count()) === 0, `${tag}: no phantom file`);
    check(await page.locator('#receipt-groups').isVisible(), `${tag}: the receipt says how many groups`);
    seen.receipts.push(receipt);
    await shot('1-receipt-no-files');

    // 4: a reload within the window shows it again; Back brings no words back.
    response = await go(page, () => page.reload());
    check(response.status() === 200, `${tag}: reload answered ${response.status()}`);
    check((await text(page, '#receipt')) === receipt, `${tag}: within the window a reload shows the same receipt`);
    await go(page, () => page.click('#receipt-hide'));
    check((await page.locator('#receipt').count()) === 0, `${tag}: hidden at once`);
    check(await page.locator('#form-notice').isVisible(), `${tag}: the page says it is hidden`);
    check((await page.inputValue('#narrative')) === '', `${tag}: the form is empty`);
    await go(page, () => page.goBack());
    check((await page.locator('#receipt').count()) === 0, `${tag}: Back does not bring the receipt back`);
    check((await page.inputValue('#narrative')) === '', `${tag}: Back brings no words back into the form`);
    check(!(await page.content()).includes(words[tag].narrative), `${tag}: nor anywhere on the page`);
    await shot('2-after-back');

    // 1: exactly the files chosen, one and several.
    for (const chosen of [files.slice(0, 1), files.slice(0, 3)]) {
      await go(page, () => page.goto(`${base}/${tag}/report`));
      await page.fill('#narrative', words[tag].narrative);
      await page.setInputFiles('#files', chosen);
      await go(page, () => page.click('button[value="submit"]'));
      const listed = await page.locator('li.file').count();
      check(listed === chosen.length, `${tag}: ${chosen.length} chosen, ${listed} listed`);
      // 8: name, size and day stand apart in reading order (right to left in Uyghur), never
      // running into each other.
      const first = page.locator('li.file').first();
      const [name, size, day] = await Promise.all(
        ['.file-name', '.size', 'time.day'].map(selector => first.locator(selector).boundingBox()));
      const ordered = tag === 'ug'
        ? name.x >= size.x + size.width && size.x >= day.x + day.width
        : name.x + name.width <= size.x && size.x + size.width <= day.x;
      check(ordered, `${tag}: file name, size and day in reading order, apart`);
      for (const file of chosen) check((await page.content()).includes(basename(file)), `${tag}: lists ${basename(file)}`);
      seen.receipts.push(await text(page, '#receipt'));
      await shot(`3-receipt-${chosen.length}-files`);
      await go(page, () => page.click('#receipt-hide'));
    }
    await context.close();

    // 2 and 3: the follow-up.
    const reporter = await open();
    const fp = reporter.page;
    const signIn = async () => {
      await fp.fill('#receipt', receipt);
      return go(fp, () => fp.click('form[action$="/followup"] button[type="submit"]'));
    };
    await go(fp, () => fp.goto(`${base}/${tag}/followup`));
    await signIn();
    check(fp.url() === `${base}/${tag}/followup/case`, `${tag}: signed in (${fp.url()})`);
    await fp.fill('#body', words[tag].later);
    await reporter.context.clearCookies(); // the session ends while the reporter writes
    response = await go(fp, () => fp.click('form[action$="/followup/messages"] button[type="submit"]'));
    check(response.status() === 401, `${tag}: an ended session answered ${response.status()}`);
    check(await fp.locator('#followup-notice').isVisible(), `${tag}: says the message was kept, unsent`);
    await fp.screenshot({ path: join(out, `first-minutes-${tag}-4-session-ended.png`), fullPage: true });
    await signIn();
    check((await fp.inputValue('#body')) === words[tag].later, `${tag}: the words are back in the box`);
    check((await fp.locator('li.message').count()) === 0, `${tag}: and were not sent`);
    await fp.screenshot({ path: join(out, `first-minutes-${tag}-5-words-back.png`), fullPage: true });
    response = await go(fp, () => fp.click('form[action$="/followup/messages"] button[type="submit"]'));
    check(fp.url() === `${base}/${tag}/followup/case`, `${tag}: after sending, the case page's own address (${fp.url()})`);
    check(await fp.locator('#followup-notice').isVisible(), `${tag}: "sent" is said`);
    for (let reload = 0; reload < 2; reload += 1) await go(fp, () => fp.reload());
    check((await fp.locator('li.message').count()) === 1, `${tag}: two reloads, still one message`);
    check((await count(fp, '5521')) === 1, `${tag}: the message text once`);
    check((await fp.inputValue('#body')) === '', `${tag}: the box is empty after sending`);
    await fp.setInputFiles('#files', files.slice(3, 4));
    await go(fp, () => fp.click('form[action$="/followup/files"] button[type="submit"]'));
    const before = await fp.locator('li.file').count();
    for (let reload = 0; reload < 2; reload += 1) await go(fp, () => fp.reload());
    check((await fp.locator('li.file').count()) === before, `${tag}: reloads upload nothing again`);
    await fp.screenshot({ path: join(out, `first-minutes-${tag}-6-after-reloads.png`), fullPage: true });
    await reporter.context.close();
    result.locales[tag] = seen;
  }

  // 2, for a caseworker: the reply typed when the session ended comes back in its box.
  const staff = await open();
  const sp = staff.page;
  const staffSignIn = async () => {
    await sp.fill('#username', username);
    await sp.fill('#password', password);
    return go(sp, () => sp.click('form[action$="/staff/login"] button[type="submit"]'));
  };
  await go(sp, () => sp.goto(`${base}/zh-Hant/staff/login`));
  await staffSignIn();
  check(sp.url() === `${base}/zh-Hant/staff/inbox`, `staff: signed in (${sp.url()})`);
  await go(sp, () => sp.click('a[href*="/staff/reports/"]'));
  await sp.fill('#body', words['zh-Hant'].staff);
  await staff.context.clearCookies();
  let response = await go(sp, () => sp.click('form[action$="/messages"] button[type="submit"]'));
  check(response.status() === 401, `staff: an ended session answered ${response.status()}`);
  await staffSignIn();
  check((await sp.inputValue('#body')) === words['zh-Hant'].staff, 'staff: the reply is back in its box');
  await sp.screenshot({ path: join(out, 'first-minutes-staff-words-back.png'), fullPage: true });
  await staff.context.close();

  // 4: after the window, the receipt is gone for good.
  for (const tag of Object.keys(words)) {
    const { context, page, receipt, sent } = late[tag];
    const wait = sent + Number(windowSeconds) * 1000 + 1500 - Date.now();
    if (wait > 0) await sleep(wait);
    await go(page, () => page.reload());
    check((await page.locator('#receipt').count()) === 0, `${tag}: after the window the receipt is not shown`);
    check(!(await page.content()).includes(receipt), `${tag}: nowhere on the page`);
    check(await page.locator('#form-notice').isVisible(), `${tag}: the page says it is no longer shown`);
    await page.screenshot({ path: join(out, `first-minutes-${tag}-7-window-passed.png`), fullPage: true });
    await context.close();
  }
} catch (error) {
  failures.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
check(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
result.foreign = foreign;
result.failures = failures;
writeFileSync(join(out, 'first-minutes.json'), JSON.stringify(result, null, 2));
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(result));

// Opens every admin page of MageOS_AsyncEvents in Debian's headless Chromium after a real admin login
// (run by scripts/test-magento, after check.py's consumers phases made the data). Each page must show
// the data the test created, with no PHP error on it and no JS console error; screenshots go to
// $SCREENSHOTS. Environment: BASE_URL, STATE (check.py's JSON), SCREENSHOTS.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE_URL = process.env.BASE_URL.replace(/\/$/, '');
const state = JSON.parse(readFileSync(process.env.STATE, 'utf8'));
const SHOTS = process.env.SCREENSHOTS;
const userDataDir = mkdtempSync(join(tmpdir(), 'ae-chromium-'));

let passed = 0;
const problems = [];
function ok(what) {
    passed++;
    console.log(`  ok  ${what}`);
}
function fail(what, detail = '') {
    console.log(`  FAIL ${what}`);
    if (detail) console.log('       ' + String(detail).slice(0, 4000).replace(/\n/g, '\n       '));
    throw new Error(what);
}
function check(cond, what, detail = '') {
    if (cond) ok(what); else fail(what, detail);
}

const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 1000 },
});
context.setDefaultTimeout(120000);
const page = context.pages()[0] || await context.newPage();
page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
});
page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
page.on('response', (resp) => {
    if (resp.status() >= 400) problems.push(`HTTP ${resp.status()} for ${resp.url()}`);
});

const PHP_ERRORS = /Fatal error|Parse error|Warning: |Notice: |Deprecated: |Exception #\d|An error has happened during application run|Stack trace:/;

/** Checks the page so far: no PHP error in its text, no console error, no 5xx. */
async function clean(name) {
    const text = await page.locator('body').innerText();
    const php = text.match(PHP_ERRORS);
    check(!php, `${name}: no PHP error on the page`, php ? text.slice(Math.max(0, php.index - 300), php.index + 700) : '');
    const errorMessages = await page.locator('.message-error:visible').allInnerTexts();
    check(errorMessages.length === 0, `${name}: no error message`, errorMessages.join('\n'));
    check(problems.length === 0, `${name}: no JS console error, no uncaught exception, no HTTP error`, problems.join('\n'));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check(width <= page.viewportSize().width, `${name}: the page fits the window's width (${width}px)`);
}

async function shot(name) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function open(path) {
    await page.goto(BASE_URL + path, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('body:not(._has-loader)', { state: 'attached' }).catch(() => {});
    // Magento hides the page behind a spinner until its widgets are up
    await page.locator('[data-role="spinner"]:visible, .admin__data-grid-loading-mask:visible').first()
        .waitFor({ state: 'hidden' }).catch(() => {});
}

/** Waits until the grid's rows are loaded and answers their text. */
const ROWS = '.admin__data-grid-wrap:not([data-role="sticky-el-root"]) tbody tr.data-row';
async function gridRows() {
    await page.locator(ROWS).first().waitFor();
    await page.locator('.admin__data-grid-loading-mask:visible').first().waitFor({ state: 'hidden' }).catch(() => {});
    await page.waitForLoadState('networkidle');
    return page.locator(ROWS).allInnerTexts();
}

const [firstUuid, secondUuid] = state.uuids;
const firstEmail = state.customers[0].email;
const subs = state.subscriptions;

try {
    // Login
    await open('/admin/');
    await page.fill('#username', 'admin');
    await page.fill('#login', 'Admin12345!');
    await Promise.all([page.waitForNavigation(), page.click('.action-login')]);
    await page.waitForLoadState('networkidle');
    check(await page.locator('.page-title').first().isVisible() && !(await page.locator('#login').count()),
        'admin login', await page.locator('body').innerText());
    await clean('dashboard');

    // Subscribers grid with mass actions
    await open('/admin/async_events/events/index/');
    let rows = await gridRows();
    check(['ok', 'flaky', 'failing'].every((k) => rows.some((r) => r.includes(`/${k}/subscription`))),
        'Subscribers grid lists the three subscriptions', rows.join('\n'));
    await clean('Subscribers');
    await shot('subscribers');
    const failingRow = page.locator(ROWS, { hasText: '/failing/subscription' });
    for (const [action, expected] of [['Disable', 'Disabled'], ['Enable', 'Enabled']]) {
        await failingRow.locator('input.admin__control-checkbox').check();
        await page.locator('.action-select-wrap .action-select:visible').first().click();
        await Promise.all([
            page.waitForNavigation(),
            page.locator('.action-select-wrap .action-menu li:visible', { hasText: action }).first().click(),
        ]);
        await page.waitForLoadState('networkidle');
        const message = await page.locator('.message-success').first().innerText().catch(() => '');
        rows = await gridRows();
        const row = rows.find((r) => r.includes('/failing/subscription')) || '';
        check(message !== '' && row.includes(expected), `mass action ${action}: success message and the row is ${expected}`,
            `${message}\n${row}`);
        await clean(`Subscribers after ${action}`);
    }

    // Logs grid with the Lucene search box
    await open('/admin/async_events/logs/index/');
    rows = await gridRows();
    const logRows = rows.length;
    check(rows.some((r) => r.includes(firstUuid)) && rows.some((r) => r.includes(secondUuid)),
        `Logs grid lists the attempts of both events (${rows.length} rows)`, rows.join('\n'));
    await clean('Logs');
    const search = page.locator('.data-grid-search-control:visible').first();
    await search.fill(`data.data.email: ${firstEmail}`);
    await search.press('Enter');
    await page.waitForFunction((uuid) => {
        const rs = [...document.querySelectorAll('.admin__data-grid-wrap:not([data-role="sticky-el-root"]) tbody tr.data-row')];
        return rs.length > 0 && rs.every((r) => r.innerText.includes(uuid));
    }, firstUuid);
    rows = await gridRows();
    const found = await page.locator('.admin__control-support-text').first().innerText();
    check(rows.length === 5 && rows.every((r) => r.includes(firstUuid)) && /5 records? found/.test(found),
        `Lucene search data.data.email: ${firstEmail} finds the five attempts of the first event`, `${found}\n${rows.join('\n')}`);
    await clean('Logs search');
    await shot('logs-search');
    await search.fill('event_name: (');
    await search.press('Enter');
    await page.waitForFunction(() => /\^/.test(document.querySelector('.message-error pre')?.innerText || ''))
        .catch(() => {});
    const refused = await page.locator('.message-error:visible').first().innerText().catch(() => '');
    check(refused.includes('The search query could not be read') && refused.includes('^'),
        'a malformed query: its message above the grid, with a caret under the position', refused);
    check(problems.length === 0, 'a malformed query: no JS console error', problems.join('\n'));
    await page.locator('.admin__current-filters-actions-wrap .action-clear:visible').first().click();
    rows = await gridRows();
    check(rows.length === logRows && (await page.locator('.message-error:visible').count()) === 0,
        'Clear all: the grid is back, without the message', rows.join('\n'));

    // Trace page with replay
    await open(`/admin/async_events/logs/trace/uuid/${firstUuid}/`);
    const trace = await page.locator('#anchor-content, .page-content').first().innerText();
    check(trace.includes(firstUuid) && trace.includes('Delivered') && trace.includes('Dead Lettered')
        && trace.includes(firstEmail), 'Trace page: the uuid, Delivered and Dead Lettered subscriptions, the payload',
        trace);
    await clean('Trace');
    await shot('trace');
    await Promise.all([page.waitForNavigation(), page.locator('button.action-primary', { hasText: 'Replay' }).first().click()]);
    await page.waitForLoadState('networkidle');
    const replayed = await page.locator('.message-success').first().innerText().catch(() => '');
    check(replayed !== '', 'Replay (all subscriptions): success message', await page.locator('body').innerText());
    await clean('Trace after replay');

    // Dead letters page: list, export, retry job, retry the oldest
    await open('/admin/async_events/deadletters/index/');
    let body = await page.locator('.async-events-dead-letters').innerText();
    check(body.includes(firstUuid) && body.includes(secondUuid) && /2 dead letter\(s\)/.test(body),
        'Dead Letters page lists both dead-lettered deliveries', body);
    await clean('Dead Letters');
    await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: 'Export to JSON' }).click()]);
    await page.waitForLoadState('networkidle');
    body = await page.locator('.async-events-dead-letters').innerText();
    check(/\.json/.test(body) && (await page.locator('.message-success').count()) > 0,
        'Export to JSON: success message and the export listed', body);
    await clean('Dead Letters after export');
    await page.fill('input[name="batch_size"]', '1');
    await page.fill('input[name="cooldown"]', '3600');
    await Promise.all([page.waitForNavigation(),
        page.locator('button', { hasText: 'Retry every dead letter of this list in batches' }).click()]);
    await page.waitForLoadState('networkidle');
    body = await page.locator('.async-events-dead-letters').innerText();
    check((await page.locator('.message-success').count()) > 0 && (await page.locator('button', { hasText: 'Stop the job' }).count()) > 0,
        'retry job started: success message, progress and a Stop button', body);
    await clean('Dead Letters with a running job');
    await shot('dead-letters');
    // the page polls the job's progress
    await page.waitForResponse((r) => r.url().includes('jobProgress'), { timeout: 20000 });
    await clean('Dead Letters progress poll');
    await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: 'Stop the job' }).click()]);
    await page.waitForLoadState('networkidle');
    check((await page.locator('button', { hasText: 'Retry every dead letter of this list in batches' }).count()) > 0,
        'retry job stopped', await page.locator('.async-events-dead-letters').innerText());
    await clean('Dead Letters after stopping the job');
    const before = (await page.locator('.async-events-dead-letters').innerText()).match(/(\d+) dead letter\(s\)/)[1];
    await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: 'Retry the oldest' }).click()]);
    await page.waitForLoadState('networkidle');
    const after = (await page.locator('.async-events-dead-letters').innerText()).match(/(\d+) dead letter\(s\)/)[1];
    check(Number(after) === Number(before) - 1, `Retry the oldest: ${before} -> ${after} dead letters`);
    await clean('Dead Letters after retry');
    await open('/admin/async_events/deadletters/index/kind/event/');
    await clean('Dead Letters (events)');

    // System configuration section
    await open('/admin/admin/system_config/edit/section/system/');
    const group = page.locator('#system_async_events-head').first();
    await group.waitFor();
    if (!(await page.locator('#system_async_events_max_deaths').first().isVisible())) await group.click();
    const maxDeaths = await page.locator('#system_async_events_max_deaths').first().inputValue();
    const allow = await page.locator('#system_async_events_ssrf_allow').first().inputValue();
    check(maxDeaths === '1' && allow.includes('127.0.0.1'), 'configuration section shows the values config:set wrote',
        `max_deaths=${maxDeaths} ssrf_allow=${allow}`);
    await clean('Configuration');
    await page.locator('#system_async_events-head').first().scrollIntoViewIfNeeded();
    await shot('configuration');
    await Promise.all([page.waitForNavigation(), page.locator('#save').click()]);
    await page.waitForLoadState('networkidle');
    check((await page.locator('.message-success').count()) > 0, 'Save Config: success message',
        await page.locator('.messages').first().innerText().catch(() => ''));
    await clean('Configuration after save');
    console.log(`${passed} passed, 0 failed`);
} catch (e) {
    await shot('failure').catch(() => {});
    console.log(`  (failure screenshot: ${join(SHOTS, 'failure.png')}; ${e.message})`);
    console.log(`${passed} passed, 1 failed`);
    process.exitCode = 1;
} finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
}

// Real VS Code (code-server) with the djls-security extension installed from
// its .vsix, driven by chromium through playwright-core:
//   open Maisha_backend/settings.py -> squiggles -> Problems lists DJS001,
//   DJS002, DJS004 -> Ctrl+. on the DEBUG line -> the DEBUG quick fix ->
//   Ctrl+S -> the file on disk is fixed and DJS001 leaves the Problems view;
//   the extension's commands; the .gitignore fix; a bad djls-security.toml is
//   an error on its line, then fixed applies; an untitled Python buffer gets DJS001;
//   djlsSecurity.enable false clears the findings, true brings them back;
//   a missing djlsSecurity.path warns once and falls back to the bundled djls;
//   no binary at all: one error notification.
// env: PORT (code-server), WS (workspace copy), OUT (artifacts), CHROMIUM.
'use strict';
const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const WS = process.env.WS;
const OUT = process.env.OUT;
const FILE = path.join(WS, 'Maisha_backend', 'settings.py');
const DEBUG_FIX_TITLE = 'djls (DJS001): Read DEBUG from the environment with a False default (unsafe)';
const DEBUG_BEFORE = "DEBUG = config('DEBUG', default='True', cast=bool)";
const DEBUG_AFTER = "DEBUG = config('DEBUG', default=False, cast=bool)";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const norm = (s) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

async function main() {
  assert.equal(fs.readFileSync(FILE, 'utf8').split('\n')[12], DEBUG_BEFORE, 'the corpus copy has the insecure DEBUG line at line 13');
  const udd = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'pw-udd-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  const t0 = Date.now();
  const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  const shot = async (name) => {
    const p = path.join(OUT, name);
    await page.screenshot({ path: p });
    log('screenshot', p);
  };
  const problemRows = () =>
    page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
  // Problems rows read like "MESSAGE djls DJS001 [Ln 13, Col 25]" (source, code linked to its docs, position).
  const rowFor = (rows, code, line) =>
    rows.find((r) => new RegExp(`(?<!\\d)${code}(?!\\d)`).test(r) && (line === undefined || r.includes(`[Ln ${line},`)));
  async function waitForProblems(pred, what, timeout = 30000) {
    const deadline = Date.now() + timeout;
    let rows = [];
    while (Date.now() < deadline) {
      rows = await problemRows();
      if (await pred(rows)) return rows;
      await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}; Problems view shows: ${JSON.stringify(rows)}`);
  }

  try {
    await page.goto(`http://127.0.0.1:${process.env.PORT}/?folder=${encodeURIComponent(WS)}`);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60000 });
    log('workbench loaded');
    await page.getByRole('treeitem', { name: 'Maisha_backend' }).click();
    await page.getByRole('treeitem', { name: 'settings.py' }).dblclick();
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 20000 });
    log('settings.py open');
    // The extension activates (workspaceContains:manage.py), starts the bundled
    // djls and the findings come back as squiggles.
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', { timeout: 45000 });
    log('squiggles shown');

    await page.keyboard.press('Control+Shift+M'); // Problems view
    await page.waitForSelector('.markers-panel', { timeout: 10000 });
    // Only this file's findings, so that the rows fit the (virtualised) list.
    const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
    await filter.fill('settings.py');
    let rows = await waitForProblems(
      (r) => rowFor(r, 'DJS001', 13) && rowFor(r, 'DJS002', 11) && rowFor(r, 'DJS004', 15),
      'DJS001 (Ln 13), DJS002 (Ln 11) and DJS004 (Ln 15) in the Problems view',
    );
    log('problems:', JSON.stringify(rows));
    assert.match(rowFor(rows, 'DJS001', 13), /\bdjls DJS001\b/, 'the DJS001 row names its source djls');
    await shot('1-problems.png');

    // The server's state, as a language status item (the {} next to "Python").
    await page.locator('[id="status.languageStatus"]').click();
    await page.getByText('djls: running').first().waitFor({ timeout: 10000 });
    log('language status shows "djls: running"');
    await shot('1b-status.png');
    await page.keyboard.press('Escape');

    // Fix-all on save ("source.fixAll": "explicit" in codeActionsOnSave, as
    // ruff users have it) is boring: DEBUG's default, CONN_MAX_AGE, the
    // .gitignore (none here) and requirements.txt stay as they are.
    const MARK = '# saved with fix-all on save';
    const reqPath = path.join(WS, 'requirements.txt');
    const reqBefore = fs.readFileSync(reqPath, 'utf8');
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(MARK);
    await page.keyboard.press('Control+S');
    for (let i = 0; i < 100 && !fs.readFileSync(FILE, 'utf8').includes(MARK); i++) await sleep(100);
    const onSave = fs.readFileSync(FILE, 'utf8');
    assert.ok(onSave.includes(MARK), 'the edit was saved');
    assert.equal(onSave.split('\n')[12], DEBUG_BEFORE, "fix-all on save left DEBUG's default alone");
    assert.ok(!onSave.includes('CONN_MAX_AGE'), 'fix-all on save did not add CONN_MAX_AGE');
    assert.ok(!fs.existsSync(path.join(WS, '.gitignore')), 'fix-all on save created no .gitignore');
    assert.equal(fs.readFileSync(reqPath, 'utf8'), reqBefore, 'fix-all on save left requirements.txt alone');
    log('fix-all on save changed nothing but the saved edit');

    // Cursor on the DEBUG line, then Ctrl+. for the quick fixes.
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('13:1');
    await page.keyboard.press('Enter');
    await sleep(500);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: DEBUG_FIX_TITLE });
    await item.waitFor({ timeout: 15000 });
    const offered = await page.$$eval('.action-widget .monaco-list-row', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    log('quick fixes offered:', JSON.stringify(offered));
    await shot('2-quickfix-menu.png');
    // A pointer-block overlay swallows clicks on the menu: pick with the keyboard.
    // The fix is preferred: the menu opens with it focused, so Ctrl+. Enter fixes.
    const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: DEBUG_FIX_TITLE });
    assert.equal(await focused.count(), 1, `the quick fix "${DEBUG_FIX_TITLE}" is focused when the menu opens`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('.editor-instance .view-line')].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(want)),
      DEBUG_AFTER,
      { timeout: 15000 },
    );
    log('fix applied in the editor');

    await page.keyboard.press('Control+S');
    for (let i = 0; i < 100 && !fs.readFileSync(FILE, 'utf8').includes(DEBUG_AFTER); i++) await sleep(100);
    const saved = fs.readFileSync(FILE, 'utf8');
    assert.ok(saved.includes(DEBUG_AFTER), `the saved file contains ${DEBUG_AFTER}`);
    assert.equal(saved.split('\n')[12], DEBUG_AFTER, 'line 13 on disk is the fixed DEBUG line');
    assert.ok(!saved.includes(DEBUG_BEFORE), 'the insecure DEBUG line is gone from disk');
    log('saved to disk');

    rows = await waitForProblems((r) => !rowFor(r, 'DJS001') && rowFor(r, 'DJS002', 11), 'DJS001 to leave the Problems view (DJS002 staying)');
    log('problems after the fix:', JSON.stringify(rows));
    await shot('3-fixed.png');

    // The extension's own commands, from the Command Palette.
    // (no click first: that would move the cursor; the commands act on the active editor)
    const runCommand = async (title) => {
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
      await page.keyboard.type(title);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
      // Enter runs the focused row: move to the one whose label is exactly
      // the title ("File: New Untitled Text File", not "File: Compare New
      // Untitled Text Files"); a keybinding may follow the label.
      const exact = (t) => norm(t) === title || norm(t).startsWith(`${title} `);
      for (let i = 0; i < 15; i++) {
        const focused = await page.locator('.quick-input-widget .monaco-list-row.focused').first().innerText().catch(() => '');
        if (exact(focused)) break;
        await page.keyboard.press('ArrowDown');
        await sleep(100);
      }
      const focusedNow = await page.locator('.quick-input-widget .monaco-list-row.focused').first().innerText().catch(() => '');
      assert.ok(exact(focusedNow), `the command palette row "${title}" is focused (got ${JSON.stringify(norm(focusedNow))})`);
      await page.keyboard.press('Enter');
      log('ran', title);
    };
    // Open Rule Documentation on the SECRET_KEY line (DJS002): its
    // codeDescription.href goes to the browser (a new tab here).
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('11:40');
    await page.keyboard.press('Enter');
    await sleep(300);
    // No network here: answer any external page from the test itself.
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'rule documentation' }));
    const popup = ctx.waitForEvent('page', { timeout: 15000 });
    await runCommand('djls-security: Open Rule Documentation');
    // VS Code may ask before opening an external site.
    const openButton = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
    await Promise.race([popup, openButton.waitFor({ timeout: 10000 }).then(() => openButton.click())]).catch(() => undefined);
    const docs = await popup;
    await docs.waitForURL(/DJS002/, { timeout: 10000 }).catch(() => undefined);
    log('rule documentation opened:', docs.url());
    assert.match(docs.url(), /docs\/rules\/DJS002\.md$/, 'Open Rule Documentation opens DJS002 documentation');
    await docs.close();

    // Fix All in File: safe, in-file fixes only. CONN_MAX_AGE (DJS503) and
    // DEBUG's default (DJS001) change how the project runs: they stay.
    await runCommand('djls-security: Fix All in File');
    await sleep(2000);
    // The Problems list is virtualised and each finding has its detail row
    // under it, so DJS503 (low in the file) is looked for with the filter
    // narrowed to its code.
    await filter.fill('DJS503');
    await waitForProblems((r) => rowFor(r, 'DJS503'), 'DJS503 to stay after Fix All in File (its fix is unsafe)');
    await filter.fill('settings.py');
    await waitForProblems((r) => rowFor(r, 'DJS002', 11), 'the settings.py filter back');
    // Insert Production Security Block: HTTPS redirect, HSTS, secure cookies.
    await runCommand('djls-security: Insert Production Security Block');
    rows = await waitForProblems(
      (r) => !rowFor(r, 'DJS101') && !rowFor(r, 'DJS102') && !rowFor(r, 'DJS203') && rowFor(r, 'DJS002', 11),
      'DJS101, DJS102 and DJS203 to leave the Problems view after Insert Production Security Block',
    );
    await page.keyboard.press('Control+S');
    const hasAll = (t) => t.includes('SECURE_SSL_REDIRECT') && t.includes(DEBUG_AFTER);
    for (let i = 0; i < 100 && !hasAll(fs.readFileSync(FILE, 'utf8')); i++) await sleep(100);
    const final = fs.readFileSync(FILE, 'utf8');
    assert.ok(!final.includes('CONN_MAX_AGE'), 'Fix All in File left CONN_MAX_AGE to its explicit, unsafe fix');
    assert.ok(final.includes('SECURE_SSL_REDIRECT'), 'Insert Production Security Block added SECURE_SSL_REDIRECT (saved)');
    assert.ok(final.includes(DEBUG_AFTER), 'the DEBUG fix is still there');
    log('problems after the commands:', JSON.stringify(rows));
    await shot('4-commands.png');

    // The .gitignore fix (maisha has none: DJS801 at Ln 9): it creates
    // .gitignore with its .env line in one edit. The unsaved buffer already
    // counts (open buffers win), so DJS801 leaves before anything is saved
    // (files.refactoring.autoSave is off in this run's settings: by default
    // VS Code saves a file a fix edits that is not open in an editor).
    const gitignore = path.join(WS, '.gitignore');
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('9:15');
    await page.keyboard.press('Enter');
    await sleep(500);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: '.gitignore' }).waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    rows = await waitForProblems((r) => !rowFor(r, 'DJS801') && rowFor(r, 'DJS002', 11), 'DJS801 to leave the Problems view once the .gitignore fix is applied, before saving');
    const unsaved = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
    assert.ok(!unsaved.includes('.env'), `the .gitignore on disk does not list .env yet (got ${JSON.stringify(unsaved)}): DJS801 left from the buffer`);
    await runCommand('File: Save All');
    for (let i = 0; i < 100 && !(fs.existsSync(gitignore) && fs.readFileSync(gitignore, 'utf8').includes('.env')); i++) await sleep(100);
    assert.ok(fs.readFileSync(gitignore, 'utf8').split('\n').includes('.env'), 'the saved .gitignore lists .env');
    log('the .gitignore fix cleared DJS801 from the unsaved buffer; saved');

    // A bad djls-security.toml (written outside the editor, as a checkout
    // or another tool would) is an error on its line in the Problems view,
    // and the findings go on meanwhile; once fixed it applies without a
    // restart (the server watches it through VS Code's file watcher).
    const toml = path.join(WS, 'djls-security.toml');
    const hasConfigError = (r) => r.some((row) => row.includes('selekt') && row.includes('[Ln 2, Col 1]'));
    fs.writeFileSync(toml, 'ignore = ["DJS002"]\nselekt = ["DJS004"]\n');
    await filter.fill('selekt');
    rows = await waitForProblems(hasConfigError, 'an error at line 2 of the bad djls-security.toml', 45000);
    log('bad configuration:', JSON.stringify(rows));
    await shot('5a-bad-config.png');
    await filter.fill('DJS002');
    await waitForProblems((r) => rowFor(r, 'DJS002', 11), 'DJS002 to stay while the configuration is bad (the defaults apply)');
    fs.writeFileSync(toml, 'ignore = ["DJS002"]\n');
    await waitForProblems((r) => !rowFor(r, 'DJS002'), 'the fixed djls-security.toml to ignore DJS002');
    await filter.fill('selekt');
    await waitForProblems((r) => !hasConfigError(r), 'the configuration error to clear once the file is fixed');
    fs.rmSync(toml);
    // The filtered list does not always take in a marker that comes back
    // while it is filtered: the filter is applied again on each look.
    await waitForProblems(async (r) => {
      if (rowFor(r, 'DJS002', 11)) return true;
      await filter.fill('');
      await filter.fill('DJS002');
      return false;
    }, 'DJS002 back once djls-security.toml is gone');
    log('a bad djls-security.toml was an error on its line, findings went on; fixed, it applied; removed, the defaults are back');

    // An untitled Python buffer (a new file, never saved) is checked too,
    // as a standalone settings module.
    await runCommand('File: New Untitled Text File');
    await page.waitForSelector('.editor-instance .monaco-editor.focused', { timeout: 10000 }).catch(() => undefined);
    await page.keyboard.type('DEBUG = True');
    await runCommand('Change Language Mode');
    await page.keyboard.type('Python');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Python\b/ }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await filter.fill('DJS001');
    rows = await waitForProblems((r) => rowFor(r, 'DJS001', 1), 'DJS001 on line 1 of the untitled Python buffer', 45000);
    log('untitled buffer problems:', JSON.stringify(rows));
    assert.match(rowFor(rows, 'DJS001', 1), /\[Ln 1, Col 9\]/, 'DJS001 on True in the untitled buffer');
    await shot('5-untitled.png');

    // djlsSecurity.enable: false stops the server and its findings go;
    // true starts it again. Written to the workspace settings on disk, which
    // VS Code reads back as a configuration change.
    const workspaceSettings = (o) => {
      fs.mkdirSync(path.join(WS, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(WS, '.vscode', 'settings.json'), JSON.stringify(o));
    };
    await filter.fill('');
    await waitForProblems((r) => r.some((row) => /\bdjls DJS\d{3}\b/.test(row)), 'djls findings before turning it off');
    workspaceSettings({ 'djlsSecurity.enable': false });
    rows = await waitForProblems((r) => !r.some((row) => /\bdjls DJS\d{3}\b/.test(row)), 'no djls findings with djlsSecurity.enable false');
    log('problems with djlsSecurity.enable false:', JSON.stringify(rows));
    await page.locator('[id="status.languageStatus"]').click();
    await page.getByText('djls: stopped').first().waitFor({ timeout: 10000 });
    await shot('6-disabled.png');
    await page.keyboard.press('Escape');
    workspaceSettings({ 'djlsSecurity.enable': true });
    await filter.fill('DJS001');
    await waitForProblems((r) => rowFor(r, 'DJS001', 1), 'DJS001 back in the untitled buffer with djlsSecurity.enable true', 45000);
    log('findings back with djlsSecurity.enable true');

    // djlsSecurity.path naming a missing file: one warning, then the bundled
    // djls runs (the findings stay).
    workspaceSettings({ 'djlsSecurity.path': '/nonexistent/djls' });
    const fallback = page.locator('.notifications-toasts .notification-toast', { hasText: 'using the bundled djls' });
    await fallback.first().waitFor({ timeout: 20000 });
    await waitForProblems((r) => rowFor(r, 'DJS001', 1), 'findings from the bundled djls after the path fallback', 45000);
    await sleep(1000);
    assert.equal(await fallback.count(), 1, 'exactly one djlsSecurity.path fallback warning');
    assert.match(norm(await fallback.first().innerText()), /djlsSecurity\.path "\/nonexistent\/djls" not found/);
    await shot('7-path-fallback.png');
    workspaceSettings({});
    await sleep(2000); // the restart for the path change
    await fallback.first().locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => undefined);

    // No binary anywhere (the bundled one removed, none on PATH): Restart
    // Server shows one error notification whose "Open Settings" button opens
    // the djlsSecurity.path setting.
    const extDir = fs.readdirSync(process.env.EXTENSIONS_DIR).find((d) => d.startsWith('djls-dev.djls-security-'));
    assert.ok(extDir, 'the extension is installed');
    const bin = path.join(process.env.EXTENSIONS_DIR, extDir, 'bundled', 'libs', 'bin', 'djls');
    assert.ok(fs.existsSync(bin), `the .vsix bundled the server at ${bin}`);
    fs.renameSync(bin, `${bin}.moved`);
    await runCommand('djls-security: Restart Server');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'could not find the djls binary' });
    await toast.first().waitFor({ timeout: 15000 });
    await sleep(1000); // a second notification would show up by now
    assert.equal(await toast.count(), 1, 'exactly one "binary not found" notification');
    await shot('8-binary-missing.png');
    await toast.getByRole('button', { name: 'Open Settings' }).click();
    await page.waitForSelector('.settings-editor', { timeout: 15000 });
    // the one setting found is ours (its description)
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'to the djls binary' }).first().waitFor({ timeout: 15000 });
    const query = await page.locator('.settings-editor .suggest-input-container textarea, .settings-editor .settings-header input').first().inputValue().catch(() => '');
    log('settings editor opened, search:', JSON.stringify(query));
    assert.equal(query.trim(), 'djlsSecurity.path', 'the Settings editor searches for djlsSecurity.path');
    await shot('9-open-settings.png');
    fs.renameSync(`${bin}.moved`, bin);
  } catch (e) {
    await shot('failure.png').catch(() => undefined);
    throw e;
  } finally {
    await ctx.close();
    fs.rmSync(udd, { recursive: true, force: true });
  }
}

main().then(
  () => console.log('e2e: 1 passed, 0 failed'),
  (e) => {
    console.error(e);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);

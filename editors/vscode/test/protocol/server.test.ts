// Protocol-level test of what the extension relies on: `djls serve` over
// stdio, a copy of the maisha corpus project, diagnostics and code actions.
// No editor involved, so a failure here is the server's.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeAction,
  CodeActionRequest,
  Command,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';

import { FILE_STATUS_METHOD, FileStatus, FileStatusParams } from '../../src/filestatus';
import { applyTextEdits, copyProject, editsFor, fileUri, makeTmp, serverBinary, TestClient } from './lsp';

const DEBUG_FIX_TITLE = 'djls (DJS001): Read DEBUG from the environment with a False default (unsafe)';
const DEBUG_SUPPRESS_TITLE = 'djls (DJS001): Suppress on this line';
const BLOCK_TITLE_PREFIX = 'djls: Insert production security block (unsafe: ';
const DEBUG_BEFORE = "DEBUG = config('DEBUG', default='True', cast=bool)";
const DEBUG_AFTER = "DEBUG = config('DEBUG', default=False, cast=bool)";

const codeOf = (d: Diagnostic) => String(d.code);
const has = (ds: Diagnostic[], code: string, line?: number) =>
  ds.some((d) => codeOf(d) === code && (line === undefined || d.range.start.line === line));
const summary = (ds: Diagnostic[]) => ds.map((d) => `${codeOf(d)}@${d.range.start.line}`).join(' ');
const assertUnique = (titles: string[]) =>
  assert.equal(new Set(titles).size, titles.length, `a title listed twice: ${JSON.stringify(titles)}`);
const isCodeAction = (a: Command | CodeAction): a is CodeAction => !('command' in a && typeof a.command === 'string');

let tmp: string;
let binary: string;

before(() => {
  tmp = makeTmp('djls-vscode-protocol-');
  binary = serverBinary(tmp);
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function openMaisha(opts: { initializationOptions?: unknown; configuration?: () => unknown } = {}) {
  const root = copyProject('maisha', fs.mkdtempSync(path.join(tmp, 'ws-')));
  const file = path.join(root, 'Maisha_backend', 'settings.py');
  const uri = fileUri(file);
  const text = fs.readFileSync(file, 'utf8');
  const client = new TestClient(binary, { root, ...opts });
  await client.initialize();
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  return { client, root, file, uri, text };
}

describe('djls serve on the maisha corpus', () => {
  it('publishes DJS001, DJS002 and DJS004 for settings.py with source "djls"', async () => {
    const { client, uri } = await openMaisha();
    try {
      const ds = await client.diagnostics(uri, (d) => has(d, 'DJS001') && has(d, 'DJS002') && has(d, 'DJS004'));
      assert.ok(has(ds, 'DJS001', 12), `DJS001 at line 12 (0-based); got ${summary(ds)}`);
      assert.ok(has(ds, 'DJS002', 10), `DJS002 at line 10 (0-based); got ${summary(ds)}`);
      assert.ok(has(ds, 'DJS004', 14), `DJS004 at line 14 (0-based); got ${summary(ds)}`);
      for (const d of ds) {
        assert.equal(d.source, 'djls', `source of ${codeOf(d)}`);
      }
      const debug = ds.find((d) => codeOf(d) === 'DJS001')!;
      assert.match(debug.codeDescription?.href ?? '', /DJS001/i, 'DJS001 links to its documentation (codeDescription.href)');
    } finally {
      await client.close();
    }
  });

  it(`puts "${DEBUG_FIX_TITLE}" first and preferred (unsafe: fix-all leaves it), "${DEBUG_SUPPRESS_TITLE}" last`, async () => {
    const { client, uri } = await openMaisha();
    try {
      const ds = await client.diagnostics(uri, (d) => has(d, 'DJS001', 12));
      const debug = ds.find((d) => codeOf(d) === 'DJS001')!;
      const actions = ((await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: debug.range,
        context: { diagnostics: [debug], triggerKind: 1 },
      })) ?? []).filter(isCodeAction);
      const titles = actions.map((a) => a.title);
      assertUnique(titles);
      assert.equal(actions[0]?.title, DEBUG_FIX_TITLE, `first code action; got ${JSON.stringify(titles)}`);
      assert.equal(actions[0]?.isPreferred, true, 'the DEBUG fix is preferred (asked for, one at a time)');
      assert.equal(titles[titles.length - 1], DEBUG_SUPPRESS_TITLE, `last code action; got ${JSON.stringify(titles)}`);
    } finally {
      await client.close();
    }
  });

  it('puts the production security block first and preferred on MIDDLEWARE, listed once', async () => {
    const { client, uri } = await openMaisha();
    try {
      const ds = await client.diagnostics(uri, (d) => has(d, 'DJS101', 29));
      const line = ds.filter((d) => d.range.start.line === 29);
      const ssl = line.find((d) => codeOf(d) === 'DJS101')!;
      const actions = ((await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: ssl.range,
        context: { diagnostics: line, triggerKind: 1 },
      })) ?? []).filter(isCodeAction);
      const titles = actions.map((a) => a.title);
      assertUnique(titles);
      assert.ok(actions[0]?.title.startsWith(BLOCK_TITLE_PREFIX), `first code action; got ${JSON.stringify(titles)}`);
      assert.equal(actions[0]?.isPreferred, true, 'the block is preferred');
      assert.ok(titles.includes('djls (DJS101): Suppress on this line'), `code actions: ${JSON.stringify(titles)}`);
    } finally {
      await client.close();
    }
  });

  it(`the DEBUG quick fix "${DEBUG_FIX_TITLE}" rewrites line 13`, async () => {
    const { client, uri, text } = await openMaisha();
    try {
      assert.equal(text.split('\n')[12], DEBUG_BEFORE, 'line 13 of the corpus file before the fix');
      const ds = await client.diagnostics(uri, (d) => has(d, 'DJS001', 12));
      const debug = ds.find((d) => codeOf(d) === 'DJS001')!;
      const actions = ((await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: debug.range,
        context: { diagnostics: [debug], only: ['quickfix'] },
      })) ?? []).filter(isCodeAction);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => a.title === DEBUG_FIX_TITLE);
      assert.ok(fix, `quick fix titled exactly "${DEBUG_FIX_TITLE}"; got ${JSON.stringify(titles)}`);
      assert.equal(fix.kind, 'quickfix');
      const edits = editsFor(fix.edit, uri);
      assert.ok(edits.length > 0, 'the fix edits settings.py');
      const fixed = applyTextEdits(text, edits);
      assert.equal(fixed.split('\n')[12], DEBUG_AFTER, 'line 13 after the fix');
    } finally {
      await client.close();
    }
  });

  it('offers the production-block source action; fix-all has nothing safe to do on maisha', async () => {
    const { client, uri, text } = await openMaisha();
    try {
      await client.diagnostics(uri, (d) => has(d, 'DJS001', 12));
      const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
      for (const kind of ['source.fixAll.djls', 'source.djls.productionBlock']) {
        const actions = ((await client.conn.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: whole,
          context: { diagnostics: [], only: [kind] },
        })) ?? []).filter(isCodeAction);
        const action = actions.find((a) => a.kind === kind);
        if (kind === 'source.fixAll.djls') {
          // Its fixes (DEBUG's default, CONN_MAX_AGE) are unsafe: fix-all leaves them.
          assert.equal(action, undefined, `no ${kind} action; got ${JSON.stringify(actions.map((a) => [a.kind, a.title]))}`);
          continue;
        }
        assert.ok(action, `a ${kind} action; got ${JSON.stringify(actions.map((a) => [a.kind, a.title]))}`);
        assert.ok(editsFor(action.edit, uri).length > 0, `${kind} edits settings.py`);
      }
    } finally {
      await client.close();
    }
  });

  it('applies djlsSecurity settings from initializationOptions and didChangeConfiguration', async () => {
    let settings: unknown = { ignore: ['DJS004'] };
    const { client, uri } = await openMaisha({
      initializationOptions: { djlsSecurity: { ignore: ['DJS004'], logLevel: 'debug' } },
      configuration: () => settings,
    });
    try {
      const first = await client.diagnostics(uri, (d) => has(d, 'DJS001', 12));
      assert.ok(!has(first, 'DJS004'), `DJS004 ignored by the settings; got ${summary(first)}`);
      settings = { severity: { DJS001: 'info' } };
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { djlsSecurity: settings } });
      const second = await client.diagnostics(uri, (d) => has(d, 'DJS004', 14));
      const debug = second.find((d) => codeOf(d) === 'DJS001');
      assert.equal(debug?.severity, 3, 'DJS001 at severity info (3) after the change');
    } finally {
      await client.close();
    }
  });

  it('answers djlsSecurity/fileStatus with how settings.py is judged', async () => {
    const { client, uri } = await openMaisha();
    try {
      await client.diagnostics(uri, (d) => has(d, 'DJS001', 12));
      const params: FileStatusParams = { uri };
      const st = await client.conn.sendRequest<FileStatus>(FILE_STATUS_METHOD, params);
      assert.equal(st.kind, 'root', JSON.stringify(st));
      assert.equal(st.role, 'shared', JSON.stringify(st));
      assert.match(st.text, /^judged as production · \d+ findings$/);
      assert.equal(st.severity, 'error', 'DEBUG = True is an error finding');
      assert.ok(st.tooltip.length > 0, 'a tooltip');
    } finally {
      await client.close();
    }
  });
});

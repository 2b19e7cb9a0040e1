// A small LSP client for the protocol tests: spawns `djls serve`, speaks
// JSON-RPC over its stdio with vscode-languageserver-protocol, and records
// what the server publishes.

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  InitializeParams,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
  WorkDoneProgressCreateRequest,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

/** editors/vscode (this file is compiled to out/test/protocol/). */
export const EXT_DIR = path.resolve(__dirname, '..', '..', '..');
/** The repository root. */
export const REPO_DIR = path.resolve(EXT_DIR, '..', '..');
/** The repository's corpus: testdata/corpus from its root. */
export const CORPUS_DIR = process.env.DJLS_CORPUS_DIR ?? path.resolve(REPO_DIR, 'testdata', 'corpus');

/** DJLS_BINARY, or a fresh `go build` of ./cmd/djls into a temp dir. */
export function serverBinary(tmp: string): string {
  if (process.env.DJLS_BINARY) {
    return path.resolve(process.env.DJLS_BINARY);
  }
  const out = path.join(tmp, process.platform === 'win32' ? 'djls.exe' : 'djls');
  // -trimpath as in scripts/package.sh, so that both builds share the Go build cache.
  execFileSync('go', ['build', '-trimpath', '-o', out, './cmd/djls'], { cwd: REPO_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

/** Copies a corpus project to a fresh temp dir (tests may edit files). */
export function copyProject(name: string, tmp: string): string {
  const src = path.join(CORPUS_DIR, name);
  if (!fs.existsSync(src)) {
    throw new Error(`corpus project not found: ${src} (set DJLS_CORPUS_DIR)`);
  }
  const dest = path.join(tmp, name);
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

export function makeTmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

export interface ClientOptions {
  root: string;
  initializationOptions?: unknown;
  /** What workspace/configuration answers for the djlsSecurity section. */
  configuration?: () => unknown;
}

export class TestClient {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly stderr: string[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private waiters: (() => void)[] = [];
  configurationRequests = 0;

  constructor(binary: string, private readonly opts: ClientOptions) {
    this.proc = spawn(binary, ['serve', '--log-level', 'debug'], { cwd: opts.root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.setEncoding('utf8').on('data', (d: string) => this.stderr.push(d));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, p);
      for (const w of this.waiters.splice(0)) {
        w();
      }
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests++;
      return p.items.map((item) => (item.section === 'djlsSecurity' ? (opts.configuration?.() ?? {}) : null));
    });
    this.conn.onRequest(RegistrationRequest.type, () => undefined);
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.listen();
  }

  async initialize(): Promise<void> {
    const rootUri = fileUri(this.opts.root);
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'djls-vscode-protocol-test' },
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(this.opts.root) }],
      initializationOptions: this.opts.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: {
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll', 'source.djls'] },
            },
            dataSupport: true,
          },
        },
      },
    };
    await this.conn.sendRequest(InitializeRequest.type, params);
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  /** Waits until pred holds for the diagnostics published for uri. */
  async diagnostics(uri: string, pred: (d: Diagnostic[]) => boolean, timeoutMs = 15000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.published.get(uri);
      if (got && pred(got.diagnostics)) {
        return got.diagnostics;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for diagnostics of ${uri}; last published: ${JSON.stringify(got?.diagnostics.map((d) => [d.code, d.range.start.line]))}\nserver stderr:\n${this.stderr.join('').slice(-4000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) {
        resolve();
      } else {
        this.proc.once('exit', () => resolve());
      }
    });
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // the process may be gone already
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    this.conn.dispose();
  }
}

function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) {
      return text.length;
    }
    offset = nl + 1;
  }
  return Math.min(offset + character, text.length);
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e) => ({
    start: offsetAt(text, e.range.start.line, e.range.start.character),
    end: offsetAt(text, e.range.end.line, e.range.end.character),
    newText: e.newText,
  }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of withOffsets) {
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}

/** The text edits a WorkspaceEdit makes to one document (changes or documentChanges). */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) {
    return [];
  }
  const out: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const dc of edit.documentChanges ?? []) {
    if ('textDocument' in dc && dc.textDocument.uri === uri) {
      out.push(...(dc.edits as TextEdit[]));
    }
  }
  return out;
}

// djls-security: a VS Code client for `djls serve`, the Django settings
// security language server.

import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  ClientCapabilities,
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  StaticFeature,
} from 'vscode-languageclient/node';

import { configuredPaths, expandPath, ResolvedBinary, resolveBinary } from './binary';
import { FileStatusItem } from './filestatusitem';
import { forChannel } from './serverlog';
import { enableTransition, isEnabled, LIVE_KEYS, OnceWarner, pathFallbackWarning, SECTION, serverSettings } from './settings';
import { ServerStatus } from './status';

export const KIND_FIX_ALL = 'source.fixAll.djls';
export const KIND_PRODUCTION_BLOCK = 'source.djls.productionBlock';
const DIAGNOSTIC_SOURCE = 'djls';

const COMMANDS = {
  restart: 'djlsSecurity.restart',
  showLogs: 'djlsSecurity.showLogs',
  fixAll: 'djlsSecurity.fixAll',
  productionBlock: 'djlsSecurity.insertProductionBlock',
  openRuleDocs: 'djlsSecurity.openRuleDocs',
} as const;

/**
 * The documents the server is told about (the files its findings come from).
 * Untitled Python buffers are judged as a standalone settings module.
 */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'file', pattern: '**/requirements*.txt' },
  { scheme: 'file', pattern: '**/requirements/*.txt' },
  { scheme: 'file', pattern: '**/{pyproject.toml,djls-security.toml,Pipfile,.gitignore,.env}' },
];

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private binary: ResolvedBinary | undefined;
  private readonly output: vscode.LogOutputChannel;
  private readonly status: ServerStatus;
  private readonly fileStatus: FileStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** Serialises start/stop/restart. */
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;
  private restarting = false;
  private missingNotified = false;
  private readonly fallbackWarnings = new OnceWarner();
  /** djlsSecurity.enable as last seen: a change starts or stops the server. */
  private enabled = true;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('djls-security', { log: true });
    this.status = new ServerStatus(COMMANDS.showLogs);
    this.fileStatus = new FileStatusItem(() => this.client);
    this.disposables.push(this.output, this.status, this.fileStatus);
  }

  registerCommands(): void {
    const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
      this.disposables.push(vscode.commands.registerCommand(id, fn));
    reg(COMMANDS.restart, () => {
      if (!this.enabled) {
        void vscode.window.showInformationMessage('djls-security is turned off (djlsSecurity.enable is false).');
        return;
      }
      this.missingNotified = false; // asked for: say it again if the binary is still missing
      return this.restart();
    });
    reg(COMMANDS.showLogs, () => this.output.show(true));
    reg(COMMANDS.fixAll, () => this.runSourceAction(KIND_FIX_ALL, 'No djls fixes to apply in this file.'));
    reg(COMMANDS.productionBlock, () =>
      this.runSourceAction(KIND_PRODUCTION_BLOCK, 'djls has no production security block to insert in this file.'),
    );
    reg(COMMANDS.openRuleDocs, () => this.openRuleDocs());
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)));
  }

  /** Starts the server unless djlsSecurity.enable is false. */
  start(): Promise<void> {
    this.enabled = isEnabled((key) => this.config().get(key));
    if (!this.enabled) {
      this.log('djlsSecurity.enable is false: the server is not started');
      this.status.set('stopped', 'turned off by djlsSecurity.enable');
      return Promise.resolve();
    }
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.restarting = true;
      this.status.set('restarting');
      try {
        await this.doStop();
        await this.doStart();
      } finally {
        this.restarting = false;
      }
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private log(message: string): void {
    this.output.info(`[client] ${message}`);
  }

  private config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION, scope);
  }

  private settingsFor(scope?: vscode.ConfigurationScope) {
    const cfg = this.config(scope);
    return serverSettings((key) => cfg.get(key));
  }

  private async doStart(): Promise<void> {
    if (!this.enabled) {
      return; // turned off while this start waited in the queue
    }
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const configured = this.config().get('path');
    const binary = resolveBinary({
      configured,
      extensionPath: this.context.extensionPath,
      workspaceFolder,
      warn: (m) => this.log(m),
    });
    if (!binary) {
      const message =
        'djls-security: could not find the djls binary (not set in djlsSecurity.path, not bundled with the extension, not on PATH).';
      this.log(message);
      this.status.set('error', 'djls binary not found');
      this.notifyMissing(message);
      return;
    }
    this.warnPathFallback(configured, binary, workspaceFolder);
    this.binary = binary;
    this.log(`starting ${binary.path} serve (${binary.source})`);
    this.status.set(this.restarting ? 'restarting' : 'starting', binary.path);

    const settings = this.settingsFor();
    const args = ['serve'];
    if (settings.logLevel) {
      args.push('--log-level', settings.logLevel);
    }
    const serverOptions: ServerOptions = { command: binary.path, args, options: { cwd: workspaceFolder } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      stdioOptions: {
        // stdout carries the protocol; stderr is the server's log.
        stdout: (input, channel) => lines(input, (line) => channel.info(`[server stdout] ${line}`)),
        stderr: (input, channel) =>
          lines(input, (line) => {
            const parsed = forChannel(line, channel.logLevel);
            channel[parsed.level](parsed.text);
          }),
      },
      initializationOptions: settings,
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, diagnostics);
          this.fileStatus.published(uri);
        },
        workspace: {
          // Answer workspace/configuration for our section with only the keys
          // the server knows (path and trace are the extension's own).
          configuration: async (params, token, next) => {
            const answered = await next(params, token);
            if (!Array.isArray(answered)) {
              return answered;
            }
            return params.items.map((item, i) =>
              item.section === SECTION
                ? this.settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : answered[i],
            );
          },
        },
      },
    };
    const client = new LanguageClient('djlsSecurity', 'djls-security', serverOptions, clientOptions);
    client.registerFeature(pushDiagnosticsOnly);
    this.client = client;
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      switch (e.newState) {
        case State.Starting:
          // After a crash the client starts the server again by itself.
          this.status.set(this.restarting || this.status.state === 'error' ? 'restarting' : 'starting', binary.path);
          break;
        case State.Running:
          this.status.set('running', this.runningDetail(client));
          break;
        case State.Stopped:
          if (this.restarting) {
            this.status.set('restarting');
          } else if (this.stopping) {
            this.status.set('stopped');
          } else {
            this.status.set('error', 'the server stopped; see the logs');
          }
          break;
      }
      void this.fileStatus.refresh();
    });
    try {
      await client.start();
      this.status.set('running', this.runningDetail(client));
      this.log(`running: ${this.runningDetail(client)} at ${binary.path}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log(`failed to start: ${message}`);
      this.status.set('error', `failed to start: ${message}`);
    }
  }

  private runningDetail(client: LanguageClient): string {
    const info = client.initializeResult?.serverInfo;
    const name = info ? `${info.name} ${info.version ?? ''}`.trim() : 'djls';
    return this.binary ? `${name} (${this.binary.source})` : name;
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    if (!client) {
      return;
    }
    this.stopping = true;
    try {
      await client.dispose(3000);
    } catch (err) {
      this.log(`stopping the server: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.stopping = false;
      if (this.client === client) {
        this.client = undefined;
      }
      this.status.set(this.restarting ? 'restarting' : 'stopped');
    }
  }

  /** One warning when djlsSecurity.path is set but another djls runs instead. */
  private warnPathFallback(configured: unknown, binary: ResolvedBinary, workspaceFolder: string | undefined): void {
    const paths = configuredPaths(configured).map((p) => expandPath(p, workspaceFolder));
    const message = pathFallbackWarning(paths, binary.source);
    if (!this.fallbackWarnings.shouldShow(message)) {
      return;
    }
    this.log(message);
    void vscode.window.showWarningMessage(message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
      }
    });
  }

  private notifyMissing(message: string): void {
    if (this.missingNotified) {
      return;
    }
    this.missingNotified = true;
    void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
      }
    });
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    if (e.affectsConfiguration(`${SECTION}.enable`)) {
      const now = isEnabled((key) => this.config().get(key));
      switch (enableTransition(this.enabled, now)) {
        case 'start':
          this.log('djlsSecurity.enable turned on: starting the server');
          void this.start();
          return;
        case 'stop':
          this.log('djlsSecurity.enable turned off: stopping the server');
          this.enabled = false;
          void this.stop().then(() => this.status.set('stopped', 'turned off by djlsSecurity.enable'));
          return;
      }
    }
    if (!this.enabled) {
      return; // the other settings apply when the server is turned on again
    }
    if (e.affectsConfiguration(`${SECTION}.path`)) {
      this.log('djlsSecurity.path changed: restarting the server');
      void this.restart();
      return;
    }
    if (LIVE_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) {
      const client = this.client;
      if (client?.isRunning()) {
        // The server asks back with workspace/configuration (answered above)
        // when the client supports it, and uses these settings otherwise.
        void client
          .sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: this.settingsFor() } })
          .catch((err) => this.log(`didChangeConfiguration: ${String(err)}`));
      }
    }
  }

  /** Applies the server's code action of one kind to the whole active file. */
  private async runSourceAction(kind: string, nothingMessage: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('djls-security: open a settings file first.');
      return;
    }
    if (!this.client?.isRunning()) {
      void vscode.window.showWarningMessage('djls-security: the server is not running.', 'Show Logs').then((c) => {
        if (c) {
          this.output.show(true);
        }
      });
      return;
    }
    const doc = editor.document;
    const range = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        range,
        kind,
      )) ?? [];
    const wanted = vscode.CodeActionKind.Empty.append(kind);
    const action = actions.find((a): a is vscode.CodeAction => 'kind' in a && a.kind !== undefined && wanted.contains(a.kind));
    if (!action) {
      void vscode.window.showInformationMessage(`djls-security: ${nothingMessage}`);
      return;
    }
    if (action.edit) {
      const ok = await vscode.workspace.applyEdit(action.edit);
      if (!ok) {
        void vscode.window.showWarningMessage(`djls-security: could not apply "${action.title}" (the file changed?). Try again.`);
        return;
      }
    }
    if (action.command) {
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
  }

  /** Opens the documentation of the djls finding under the cursor. */
  private async openRuleDocs(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('djls-security: no active editor.');
      return;
    }
    const pos = editor.selection.active;
    const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
    let found = ours.filter((d) => d.range.contains(pos));
    if (found.length === 0) {
      found = ours.filter((d) => d.range.start.line <= pos.line && pos.line <= d.range.end.line);
    }
    const withDocs = found.filter((d) => docTarget(d) !== undefined);
    if (withDocs.length === 0) {
      void vscode.window.showInformationMessage('djls-security: no djls finding with documentation under the cursor.');
      return;
    }
    let chosen = withDocs[0];
    if (withDocs.length > 1) {
      const pick = await vscode.window.showQuickPick(
        withDocs.map((d) => ({ label: codeValue(d), detail: d.message, diagnostic: d })),
        { placeHolder: 'Which rule?' },
      );
      if (!pick) {
        return;
      }
      chosen = pick.diagnostic;
    }
    await vscode.env.openExternal(docTarget(chosen)!);
  }
}

function lines(input: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  readline.createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 }).on('line', onLine);
}

function codeValue(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

/** The diagnostic's codeDescription.href (the client puts it in code.target). */
function docTarget(d: vscode.Diagnostic): vscode.Uri | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? c.target : undefined;
}

/**
 * Diagnostics are pushed (textDocument/publishDiagnostics) only: the client
 * does not announce pull diagnostics. djls pushes the findings of files it
 * reads from disk as soon as it indexes the project; with pull announced it
 * also answers textDocument/diagnostic for the same file once it is opened
 * without clearing the earlier push, and VS Code, which keeps pushed and
 * pulled diagnostics in separate collections, listed every finding twice.
 * Registered after the built-in features, so this runs after theirs.
 */
const pushDiagnosticsOnly: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    delete capabilities.textDocument?.diagnostic;
    delete capabilities.workspace?.diagnostics;
  },
  initialize(): void {},
  getState: () => ({ kind: 'static' }),
  clear(): void {},
};

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): void {
  controller = new Controller(context);
  context.subscriptions.push(controller);
  controller.registerCommands();
  void controller.start();
}

export async function deactivate(): Promise<void> {
  if (controller) {
    await controller.stop();
    controller = undefined;
  }
}

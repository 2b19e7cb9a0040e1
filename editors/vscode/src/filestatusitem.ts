// The active Python file's djls status, as a language status item (next
// to the language mode): refreshed when the active editor changes and when
// the server publishes diagnostics for the active document.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import {
  concernsActive,
  FILE_STATUS_METHOD,
  FileStatus,
  FileStatusParams,
  LatestOnly,
  StatusView,
  statusView,
  unavailableView,
} from './filestatus';

export class FileStatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly latest = new LatestOnly();
  private readonly disposables: vscode.Disposable[] = [];
  /** Cancels the request in flight: the server may be waiting on an analysis for it. */
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item = vscode.languages.createLanguageStatusItem('djlsSecurity.fileStatus', { language: 'python', scheme: 'file' });
    this.item.name = 'djls-security: how this file is judged';
    this.item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
    this.show(unavailableView('the djls server is not running'));
    this.disposables.push(this.item, vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()));
  }

  /** Call after the client handled a publishDiagnostics for uri. */
  published(uri: vscode.Uri): void {
    if (concernsActive(uri.toString(), vscode.window.activeTextEditor?.document.uri.toString())) {
      void this.refresh();
    }
  }

  async refresh(): Promise<void> {
    const ticket = this.latest.next();
    this.pending?.cancel();
    this.pending = undefined;
    this.item.busy = false;
    const doc = vscode.window.activeTextEditor?.document;
    const client = this.client();
    if (!doc || doc.languageId !== 'python' || doc.uri.scheme !== 'file') {
      return; // the item is not shown for this editor
    }
    if (!client?.isRunning()) {
      this.show(unavailableView('the djls server is not running'));
      return;
    }
    this.item.busy = true;
    const cancel = (this.pending = new vscode.CancellationTokenSource());
    try {
      const params: FileStatusParams = { uri: client.code2ProtocolConverter.asUri(doc.uri) };
      const st = await client.sendRequest<FileStatus>(FILE_STATUS_METHOD, params, cancel.token);
      if (this.latest.isCurrent(ticket)) {
        this.show(st ? statusView(st) : unavailableView('no status from the server'));
      }
    } catch (err) {
      if (this.latest.isCurrent(ticket)) {
        this.show(unavailableView(`status unavailable: ${err instanceof Error ? err.message : String(err)}`));
      }
    } finally {
      cancel.dispose();
      if (this.latest.isCurrent(ticket)) {
        this.item.busy = false;
        this.pending = undefined;
      }
    }
  }

  private show(v: StatusView): void {
    this.item.text = v.text;
    this.item.detail = v.detail;
    this.item.severity = v.severity as vscode.LanguageStatusSeverity;
    this.item.accessibilityInformation = { label: v.accessibilityLabel };
  }

  dispose(): void {
    this.pending?.cancel();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

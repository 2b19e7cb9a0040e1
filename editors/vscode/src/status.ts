// The server's state in the status bar, as a language status item (the `{}`
// entry next to the language mode of Python files; it can be pinned).

import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'restarting' | 'stopped' | 'error';

export class ServerStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private current: ServerState = 'stopped';

  constructor(showLogsCommand: string) {
    this.item = vscode.languages.createLanguageStatusItem('djlsSecurity.status', [
      { language: 'python' },
      { pattern: '**/requirements*.txt' },
      { pattern: '**/{pyproject.toml,djls-security.toml}' },
    ]);
    this.item.name = 'djls-security';
    this.item.command = { title: 'Show Logs', command: showLogsCommand };
    this.set('stopped');
  }

  get state(): ServerState {
    return this.current;
  }

  set(state: ServerState, detail?: string): void {
    this.current = state;
    this.item.text = `djls: ${state}`;
    this.item.busy = state === 'starting' || state === 'restarting';
    this.item.severity =
      state === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : state === 'stopped'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    this.item.detail = detail ?? '';
    this.item.accessibilityInformation = { label: `djls security server: ${state}${detail ? `, ${detail}` : ''}` };
  }

  dispose(): void {
    this.item.dispose();
  }
}

// How djls judges the active file, asked from the server with the custom
// request djlsSecurity/fileStatus: "production (merged with base.py) · 3
// findings", "fragment of production.py", "development — not checked",
// "not a settings module", "configuration error: …". No `vscode` import:
// the unit tests run under plain node.

export const FILE_STATUS_METHOD = 'djlsSecurity/fileStatus';

export interface FileStatusParams {
  uri: string;
}

/** The server's answer (internal/lsp/filestatus.go). */
export interface FileStatus {
  text: string;
  tooltip: string;
  severity: 'information' | 'warning' | 'error';
  /** A settings module's role: production, shared or development; else "". */
  role: string;
  /** root, fragment, development, project-file, not-settings, not-judged, not-read or config-error. */
  kind: string;
}

/** vscode.LanguageStatusSeverity's values. */
export const StatusSeverity = { Information: 0, Warning: 1, Error: 2 } as const;
export type StatusSeverity = (typeof StatusSeverity)[keyof typeof StatusSeverity];

export interface StatusView {
  text: string;
  detail: string;
  severity: StatusSeverity;
  accessibilityLabel: string;
}

/** How a status is shown in a language status item. */
export function statusView(st: FileStatus): StatusView {
  const severity =
    st.severity === 'error'
      ? StatusSeverity.Error
      : st.severity === 'warning'
        ? StatusSeverity.Warning
        : StatusSeverity.Information;
  return {
    text: `djls: ${st.text}`,
    detail: st.tooltip,
    severity,
    accessibilityLabel: `djls judges this file as: ${st.text}`,
  };
}

/** What the item shows when there is no answer (no server, a failed request). */
export function unavailableView(why: string): StatusView {
  return { text: 'djls: —', detail: why, severity: StatusSeverity.Information, accessibilityLabel: `djls: ${why}` };
}

/**
 * Latest wins: each refresh takes a ticket, and only the newest one may
 * show its answer (an answer for the previous editor arriving late must not
 * overwrite the current one's).
 */
export class LatestOnly {
  private last = 0;

  next(): number {
    return ++this.last;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.last;
  }
}

/** Whether a publishDiagnostics for published concerns the active document. */
export function concernsActive(published: string, active: string | undefined): boolean {
  return active !== undefined && sameUri(published, active);
}

/** URIs compared as the server and VS Code may spell them (%3A vs :, drive letter case). */
export function sameUri(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      return decodeURIComponent(u).replace(/^file:\/\/\/([A-Za-z]):/, (_m, d: string) => `file:///${d.toLowerCase()}:`);
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

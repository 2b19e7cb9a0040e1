// The editor settings the server reads: djlsSecurity.{select,ignore,severity,logLevel,fixAll},
// and the extension's own logic for djlsSecurity.enable and djlsSecurity.path.
// djlsSecurity.enable, .path and .trace.server are the extension's own and
// are never sent (the server rejects keys it does not know).

export const SECTION = 'djlsSecurity';

export type Severity = 'error' | 'warning' | 'info';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  logLevel?: LogLevel;
  fixAll?: boolean;
}

/** Reads one key of the djlsSecurity section (vscode.WorkspaceConfiguration.get fits). */
export type SettingGetter = (key: string) => unknown;

const SEVERITIES = new Set<string>(['error', 'warning', 'info']);
const LOG_LEVELS = new Set<string>(['debug', 'info', 'warn', 'error']);

function ruleList(v: unknown): string[] | undefined {
  if (typeof v === 'string') {
    v = v.split(',');
  }
  if (!Array.isArray(v)) {
    return undefined;
  }
  const out = v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter((x) => x !== '');
  return out.length > 0 ? out : undefined;
}

/**
 * The settings object for initializationOptions, workspace/configuration and
 * workspace/didChangeConfiguration. Unset or empty keys are left out: the
 * server then uses its defaults (all rules, no overrides, info logs).
 */
export function serverSettings(get: SettingGetter): ServerSettings {
  const out: ServerSettings = {};
  const select = ruleList(get('select'));
  if (select) {
    out.select = select;
  }
  const ignore = ruleList(get('ignore'));
  if (ignore) {
    out.ignore = ignore;
  }
  const severity = get('severity');
  if (severity && typeof severity === 'object' && !Array.isArray(severity)) {
    const sev: Record<string, Severity> = {};
    for (const [rule, level] of Object.entries(severity as Record<string, unknown>)) {
      if (typeof level === 'string' && SEVERITIES.has(level) && rule.trim() !== '') {
        sev[rule.trim()] = level as Severity;
      }
    }
    if (Object.keys(sev).length > 0) {
      out.severity = sev;
    }
  }
  const logLevel = get('logLevel');
  if (typeof logLevel === 'string' && LOG_LEVELS.has(logLevel)) {
    out.logLevel = logLevel as LogLevel;
  }
  // Sent only when false: the server offers source.fixAll.djls by default.
  if (get('fixAll') === false) {
    out.fixAll = false;
  }
  return out;
}

/** Settings keys whose change needs a new server process (the rest apply live). */
export const RESTART_KEYS = ['path'];
/** Settings keys the server applies live through workspace/didChangeConfiguration. */
export const LIVE_KEYS = ['select', 'ignore', 'severity', 'logLevel', 'fixAll'];

/** djlsSecurity.enable: anything but an explicit false keeps the server on. */
export function isEnabled(get: SettingGetter): boolean {
  return get('enable') !== false;
}

/** What a change of djlsSecurity.enable asks the client to do. */
export type EnableTransition = 'start' | 'stop' | 'none';

export function enableTransition(wasEnabled: boolean, nowEnabled: boolean): EnableTransition {
  if (wasEnabled === nowEnabled) {
    return 'none';
  }
  return nowEnabled ? 'start' : 'stop';
}

/** Where the binary that runs instead of djlsSecurity.path came from. */
export type FallbackSource = 'bundled' | 'path';

/**
 * The one warning shown when djlsSecurity.path is set but none of its
 * entries is an executable file, and another djls runs instead; undefined
 * when the setting is empty or one of its entries was used.
 */
export function pathFallbackWarning(configured: string[], usedSource: 'setting' | FallbackSource | undefined): string | undefined {
  if (configured.length === 0 || usedSource === 'setting' || usedSource === undefined) {
    return undefined;
  }
  const shown = configured.map((p) => `"${p}"`).join(', ');
  const instead = usedSource === 'bundled' ? 'the bundled djls' : 'djls on PATH';
  return `djlsSecurity.path ${shown} not found or not executable; using ${instead}.`;
}

/**
 * Shows each distinct fallback warning once per session: a restart with
 * the same setting stays quiet, a different bad path warns again.
 */
export class OnceWarner {
  private shown = new Set<string>();

  /** True when message has not been shown yet (and marks it shown). */
  shouldShow(message: string | undefined): message is string {
    if (message === undefined || this.shown.has(message)) {
      return false;
    }
    this.shown.add(message);
    return true;
  }
}

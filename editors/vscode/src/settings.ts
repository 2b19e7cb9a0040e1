// The editor settings the server reads: djlsSecurity.{select,ignore,severity,logLevel,fixAll}.
// djlsSecurity.path and djlsSecurity.trace.server are the extension's own and
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

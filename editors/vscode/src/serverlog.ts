// The server logs to stderr with zap's console encoder:
//   2026-01-02T03:04:05.678Z<TAB>info<TAB>message<TAB>{"key": "value"}
// Each line goes to the output channel at its own level (the channel adds
// its own timestamp). Anything else on stderr (a Go panic, a runtime error)
// is shown as an error. The server filters by djlsSecurity.logLevel itself,
// so its debug lines are shown even when the channel is at the default Info
// level (as info lines that say "debug").

export type LineLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ParsedLine {
  level: LineLevel;
  text: string;
}

const ZAP_LEVELS: Record<string, LineLevel> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  dpanic: 'error',
  panic: 'error',
  fatal: 'error',
};

const ZAP_LINE = /^\d{4}-\d\d-\d\dT[^\t]*\t([a-z]+)\t(.*)$/;

export function parseServerLogLine(line: string): ParsedLine {
  const m = ZAP_LINE.exec(line);
  if (m && ZAP_LEVELS[m[1]]) {
    return { level: ZAP_LEVELS[m[1]], text: `[server] ${m[2].replace(/\t/g, ' ')}` };
  }
  return { level: 'error', text: `[server] ${line}` };
}

/** vscode.LogLevel values (Off 0, Trace 1, Debug 2, Info 3, Warning 4, Error 5). */
const CHANNEL_DEBUG = 2;

/** The line as the output channel should show it, given the channel's log level. */
export function forChannel(line: string, channelLevel: number): ParsedLine {
  const parsed = parseServerLogLine(line);
  if (parsed.level === 'debug' && channelLevel > CHANNEL_DEBUG) {
    return { level: 'info', text: parsed.text.replace(/^\[server\]/, '[server] debug:') };
  }
  return parsed;
}

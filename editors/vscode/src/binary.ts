// Finding the djls binary: the djlsSecurity.path setting, then the binary
// bundled in the extension, then `djls` on PATH. Kept free of the vscode
// module so that it can be unit-tested in plain Node.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type BinarySource = 'setting' | 'bundled' | 'path';

export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

export interface ResolveOptions {
  /** djlsSecurity.path: a string, a list of strings, or nothing. */
  configured: unknown;
  /** The extension's install directory. */
  extensionPath: string;
  /** First workspace folder, for relative paths and ${workspaceFolder}. */
  workspaceFolder?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Defaults to an fs check for an executable regular file. */
  isExecutable?: (file: string) => boolean;
  /**
   * Whether a `djls` found on PATH is this server. The Django template
   * language server also installs a `djls`; defaults to running
   * `djls explain DJS001`, which only this one understands.
   */
  isDjlsSecurity?: (file: string) => boolean;
  /** Told about configured paths and PATH entries that were skipped. */
  warn?: (message: string) => void;
}

/** Where the packaging script puts the server binary inside the extension. */
export function bundledBinaryPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(extensionPath, 'bundled', 'libs', 'bin', executableName(platform));
}

export function executableName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'djls.exe' : 'djls';
}

/** The configured value as a list of non-empty strings. */
export function configuredPaths(configured: unknown): string[] {
  const items = typeof configured === 'string' ? [configured] : Array.isArray(configured) ? configured : [];
  return items.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
}

/** Expands ~, ${userHome}, ${workspaceFolder} and ${env:NAME}; relative paths are taken from the workspace folder. */
export function expandPath(p: string, workspaceFolder: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  let out = p
    .replace(/\$\{userHome\}/g, os.homedir())
    .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => env[name] ?? '');
  if (workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && workspaceFolder) {
    out = path.join(workspaceFolder, out);
  }
  return out;
}

export function defaultIsExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every match of a command on PATH, in PATH order, the way a shell looks (PATHEXT on Windows). */
export function findAllOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, isExecutable: (file: string) => boolean): string[] {
  const pathVar = env.PATH ?? env.Path ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
  const found: string[] = [];
  for (const dir of pathVar.split(sep)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, name + (name.toLowerCase().endsWith(ext.toLowerCase()) ? '' : ext));
      if (isExecutable(candidate) && !found.includes(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** The first match of a command on PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, isExecutable: (file: string) => boolean): string | undefined {
  return findAllOnPath(name, env, platform, isExecutable)[0];
}

export function defaultIsDjlsSecurity(file: string): boolean {
  try {
    const out = execFileSync(file, ['explain', 'DJS001'], { timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
    return out.includes('DJS001');
  } catch {
    return false;
  }
}

/** The binary to start, or undefined when there is none anywhere. */
export function resolveBinary(opts: ResolveOptions): ResolvedBinary | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const isExecutable = opts.isExecutable ?? defaultIsExecutable;
  for (const p of configuredPaths(opts.configured)) {
    const full = expandPath(p, opts.workspaceFolder, env);
    if (isExecutable(full)) {
      return { path: full, source: 'setting' };
    }
    opts.warn?.(`djlsSecurity.path: ${full} is not an executable file; skipped`);
  }
  const bundled = bundledBinaryPath(opts.extensionPath, platform);
  if (isExecutable(bundled)) {
    return { path: bundled, source: 'bundled' };
  }
  const isOurs = opts.isDjlsSecurity ?? defaultIsDjlsSecurity;
  for (const onPath of findAllOnPath('djls', env, platform, isExecutable)) {
    if (isOurs(onPath)) {
      return { path: onPath, source: 'path' };
    }
    opts.warn?.(`${onPath} on PATH is not djls-security (the Django template language server is also called djls); skipped`);
  }
  return undefined;
}

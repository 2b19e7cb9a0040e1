import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { bundledBinaryPath, configuredPaths, expandPath, findOnPath, resolveBinary as resolve, ResolveOptions } from '../../src/binary';

// Every PATH candidate counts as djls-security unless a test says otherwise.
const resolveBinary = (o: ResolveOptions) => resolve({ isDjlsSecurity: () => true, ...o });

const ext = path.join(path.sep, 'ext');
const ws = path.join(path.sep, 'ws');
const bundled = bundledBinaryPath(ext, 'linux');

function only(...files: string[]) {
  const set = new Set(files);
  return (f: string) => set.has(f);
}

describe('binary resolution', () => {
  it('prefers djlsSecurity.path, then the bundled binary, then PATH', () => {
    const env = { PATH: ['/a', '/b'].join(':') };
    const all = only('/opt/djls', bundled, '/b/djls');
    assert.deepEqual(resolveBinary({ configured: '/opt/djls', extensionPath: ext, env, platform: 'linux', isExecutable: all }), {
      path: '/opt/djls',
      source: 'setting',
    });
    assert.deepEqual(resolveBinary({ configured: [], extensionPath: ext, env, platform: 'linux', isExecutable: all }), {
      path: bundled,
      source: 'bundled',
    });
    assert.deepEqual(
      resolveBinary({ configured: undefined, extensionPath: ext, env, platform: 'linux', isExecutable: only('/b/djls') }),
      { path: '/b/djls', source: 'path' },
    );
  });

  it('takes the first existing configured path and reports the skipped ones', () => {
    const warnings: string[] = [];
    const got = resolveBinary({
      configured: ['/missing/djls', '  ', '/found/djls'],
      extensionPath: ext,
      env: { PATH: '' },
      platform: 'linux',
      isExecutable: only('/found/djls', bundled),
      warn: (m) => warnings.push(m),
    });
    assert.deepEqual(got, { path: '/found/djls', source: 'setting' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\/missing\/djls/);
  });

  it('falls back to the bundled binary when no configured path exists', () => {
    const got = resolveBinary({ configured: ['/missing/djls'], extensionPath: ext, env: {}, platform: 'linux', isExecutable: only(bundled) });
    assert.deepEqual(got, { path: bundled, source: 'bundled' });
  });

  it("skips a djls on PATH that is not this server (the Django template server's djls)", () => {
    const warnings: string[] = [];
    const got = resolveBinary({
      configured: [],
      extensionPath: ext,
      env: { PATH: '/templates/bin:/usr/local/bin' },
      platform: 'linux',
      isExecutable: only('/templates/bin/djls', '/usr/local/bin/djls'),
      isDjlsSecurity: (f) => f === '/usr/local/bin/djls',
      warn: (m) => warnings.push(m),
    });
    assert.deepEqual(got, { path: '/usr/local/bin/djls', source: 'path' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\/templates\/bin\/djls/);
  });

  it('returns undefined when there is no binary anywhere', () => {
    assert.equal(resolveBinary({ configured: ['/x'], extensionPath: ext, env: { PATH: '/a:/b' }, platform: 'linux', isExecutable: () => false }), undefined);
  });

  it('bundles djls.exe on Windows and honours PATHEXT', () => {
    assert.equal(path.basename(bundledBinaryPath(ext, 'win32')), 'djls.exe');
    const found = findOnPath('djls', { PATH: 'C:\\tools', PATHEXT: '.COM;.EXE' }, 'win32', (f) => f.endsWith('djls.EXE'));
    assert.ok(found?.endsWith('djls.EXE'));
  });

  it('expands ~, ${userHome}, ${workspaceFolder}, ${env:X} and relative paths', () => {
    assert.equal(expandPath('~/bin/djls', ws), path.join(os.homedir(), 'bin', 'djls'));
    assert.equal(expandPath('${userHome}/djls', ws), `${os.homedir()}/djls`);
    assert.equal(expandPath('${workspaceFolder}/.venv/bin/djls', ws), `${ws}/.venv/bin/djls`);
    assert.equal(expandPath('${env:DJLS_HOME}/djls', ws, { DJLS_HOME: '/opt' }), '/opt/djls');
    assert.equal(expandPath('tools/djls', ws), path.join(ws, 'tools', 'djls'));
  });

  it('accepts a string or a list for djlsSecurity.path', () => {
    assert.deepEqual(configuredPaths('/a'), ['/a']);
    assert.deepEqual(configuredPaths(['/a', '', 3, ' /b ']), ['/a', '/b']);
    assert.deepEqual(configuredPaths(undefined), []);
    assert.deepEqual(configuredPaths({}), []);
  });

  it('checks real files for the executable bit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'djls-bin-'));
    try {
      const exe = path.join(dir, 'djls');
      fs.writeFileSync(exe, '#!/bin/sh\n[ "$1" = explain ] && echo "# $2: debug-enabled"\n', { mode: 0o755 });
      const plain = path.join(dir, 'plain');
      fs.writeFileSync(plain, '', { mode: 0o644 });
      assert.deepEqual(resolveBinary({ configured: [plain, exe], extensionPath: dir, env: { PATH: '' } }), { path: exe, source: 'setting' });
      // the real check: `djls explain DJS001` must answer about DJS001
      assert.deepEqual(resolve({ configured: [], extensionPath: path.join(dir, 'none'), env: { PATH: dir } }), { path: exe, source: 'path' });
      fs.writeFileSync(exe, '#!/bin/sh\necho "djls 5.2.0"\n', { mode: 0o755 });
      assert.equal(resolve({ configured: [], extensionPath: path.join(dir, 'none'), env: { PATH: dir } }), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

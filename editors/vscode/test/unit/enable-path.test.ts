import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { enableTransition, isEnabled, OnceWarner, pathFallbackWarning } from '../../src/settings';

const from = (o: Record<string, unknown>) => (key: string) => o[key];

describe('djlsSecurity.enable', () => {
  it('is on by default and off only for an explicit false', () => {
    assert.equal(isEnabled(from({})), true);
    assert.equal(isEnabled(from({ enable: true })), true);
    assert.equal(isEnabled(from({ enable: false })), false);
    // a wrong type (a hand-edited settings.json) does not silently turn it off
    assert.equal(isEnabled(from({ enable: 'false' })), true);
    assert.equal(isEnabled(from({ enable: 0 })), true);
  });

  it('starts the server when turned on, stops it when turned off, and else does nothing', () => {
    assert.equal(enableTransition(true, false), 'stop');
    assert.equal(enableTransition(false, true), 'start');
    assert.equal(enableTransition(true, true), 'none');
    assert.equal(enableTransition(false, false), 'none');
  });
});

describe('djlsSecurity.path fallback warning', () => {
  it('names the configured path and the bundled djls that runs instead', () => {
    const m = pathFallbackWarning(['/opt/missing/djls'], 'bundled');
    assert.equal(m, 'djlsSecurity.path "/opt/missing/djls" not found or not executable; using the bundled djls.');
  });

  it('names every configured path, and djls on PATH when that runs instead', () => {
    const m = pathFallbackWarning(['/a/djls', '/b/djls'], 'path');
    assert.match(m ?? '', /^djlsSecurity\.path "\/a\/djls", "\/b\/djls" not found/);
    assert.match(m ?? '', /using djls on PATH\.$/);
  });

  it('says nothing when the setting is empty, was used, or nothing runs at all', () => {
    assert.equal(pathFallbackWarning([], 'bundled'), undefined);
    assert.equal(pathFallbackWarning(['/opt/djls'], 'setting'), undefined);
    // no binary anywhere: the "could not find the djls binary" error covers it
    assert.equal(pathFallbackWarning(['/opt/djls'], undefined), undefined);
  });

  it('is shown once per distinct message: restarts stay quiet, a new bad path warns again', () => {
    const once = new OnceWarner();
    const first = pathFallbackWarning(['/x/djls'], 'bundled');
    assert.equal(once.shouldShow(first), true);
    assert.equal(once.shouldShow(first), false);
    assert.equal(once.shouldShow(pathFallbackWarning(['/y/djls'], 'bundled')), true);
    assert.equal(once.shouldShow(undefined), false);
  });
});

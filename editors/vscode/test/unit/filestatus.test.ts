import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { concernsActive, LatestOnly, sameUri, StatusSeverity, statusView, unavailableView } from '../../src/filestatus';

describe('file status', () => {
  it('shows the server text, its tooltip as detail, and its severity', () => {
    const v = statusView({
      text: 'production (merged with base.py) · 3 findings',
      tooltip: 'A production settings module.',
      severity: 'warning',
      role: 'production',
      kind: 'root',
    });
    assert.equal(v.text, 'djls: production (merged with base.py) · 3 findings');
    assert.equal(v.detail, 'A production settings module.');
    assert.equal(v.severity, StatusSeverity.Warning);
  });

  it('maps error, information and unknown severities', () => {
    const base = { text: 't', tooltip: '', role: '', kind: 'config-error' };
    assert.equal(statusView({ ...base, severity: 'error' }).severity, StatusSeverity.Error);
    assert.equal(statusView({ ...base, severity: 'information' }).severity, StatusSeverity.Information);
    assert.equal(statusView({ ...base, severity: 'bogus' as 'error' }).severity, StatusSeverity.Information);
    assert.equal(unavailableView('no server').severity, StatusSeverity.Information);
  });

  it('lets only the newest refresh show its answer', () => {
    const l = new LatestOnly();
    const first = l.next();
    const second = l.next();
    assert.equal(l.isCurrent(first), false);
    assert.equal(l.isCurrent(second), true);
  });

  it('matches a publish to the active document however the URI is spelled', () => {
    assert.ok(concernsActive('file:///c%3A/p/settings.py', 'file:///C:/p/settings.py'));
    assert.ok(concernsActive('file:///p/settings.py', 'file:///p/settings.py'));
    assert.ok(!concernsActive('file:///p/base.py', 'file:///p/settings.py'));
    assert.ok(!concernsActive('file:///p/settings.py', undefined));
    assert.ok(!sameUri('file:///p/a%20b.py', 'file:///p/a.py'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { serverSettings } from '../../src/settings';

const from = (o: Record<string, unknown>) => (key: string) => o[key];

describe('server settings', () => {
  it('sends select, ignore, severity and logLevel, and never path or trace', () => {
    const got = serverSettings(
      from({
        path: ['/opt/djls'],
        'trace.server': 'verbose',
        select: ['DJS0', 'DJS101'],
        ignore: ['DJS8'],
        severity: { DJS001: 'error', DJS8: 'info' },
        logLevel: 'debug',
      }),
    );
    assert.deepEqual(got, {
      select: ['DJS0', 'DJS101'],
      ignore: ['DJS8'],
      severity: { DJS001: 'error', DJS8: 'info' },
      logLevel: 'debug',
    });
  });

  it('leaves unset and empty keys out, so the server keeps its defaults', () => {
    assert.deepEqual(serverSettings(from({ select: [], ignore: [], severity: {} })), {});
    assert.deepEqual(serverSettings(from({})), {});
  });

  it('drops values of the wrong type', () => {
    assert.deepEqual(
      serverSettings(from({ select: 'DJS0, DJS1', ignore: [1, ' DJS2 ', ''], severity: { DJS001: 'fatal', DJS002: 'warning' }, logLevel: 'trace' })),
      { select: ['DJS0', 'DJS1'], ignore: ['DJS2'], severity: { DJS002: 'warning' } },
    );
    assert.deepEqual(serverSettings(from({ severity: ['error'] })), {});
  });

  it('sends fixAll only when it is false (the server offers fix-all by default)', () => {
    assert.deepEqual(serverSettings(from({ fixAll: false })), { fixAll: false });
    assert.deepEqual(serverSettings(from({ fixAll: true })), {});
    assert.deepEqual(serverSettings(from({ fixAll: 'no' })), {});
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { forChannel, parseServerLogLine } from '../../src/serverlog';

describe('server log lines', () => {
  it('keeps the level of zap console lines and drops their timestamp', () => {
    assert.deepEqual(parseServerLogLine('2026-11-23T08:25:29.099Z\tinfo\tinitialized\t{"client": "code-server"}'), {
      level: 'info',
      text: '[server] initialized {"client": "code-server"}',
    });
    assert.equal(parseServerLogLine('2026-11-23T08:25:29.099Z\tdebug\thandled\t{}').level, 'debug');
    assert.equal(parseServerLogLine('2026-11-23T08:25:29.099Z\twarn\tbad editor settings').level, 'warn');
    assert.equal(parseServerLogLine('2026-11-23T08:25:29.099Z\tfatal\tboom').level, 'error');
  });

  it('shows anything else on stderr as an error', () => {
    assert.deepEqual(parseServerLogLine('panic: runtime error: index out of range'), {
      level: 'error',
      text: '[server] panic: runtime error: index out of range',
    });
  });

  it('shows debug lines as info when the channel would hide them', () => {
    const line = '2026-11-23T08:25:29.099Z\tdebug\thandled\t{"method": "initialize"}';
    assert.deepEqual(forChannel(line, 3), { level: 'info', text: '[server] debug: handled {"method": "initialize"}' });
    assert.deepEqual(forChannel(line, 2), { level: 'debug', text: '[server] handled {"method": "initialize"}' });
    assert.equal(forChannel('2026-11-23T08:25:29.099Z\twarn\tx', 3).level, 'warn');
  });
});

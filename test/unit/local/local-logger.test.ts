import { describe, expect, it } from 'vitest';
import { chooseLogFormat, formatLine } from '../../../lambdas/local/local-logger.js';

describe('formatLine', () => {
  it('reads as one line: time, level, message, then the keys the call added', () => {
    const line = formatLine({
      time: '2026-11-29T18:03:12.456Z',
      level: 'WARN',
      message: 'request refused',
      route: 'POST /stories',
      status: 400,
      reason: 'the story is invalid',
    });

    expect(line).toBe(
      '18:03:12.456 WARN  request refused route="POST /stories" status=400 reason="the story is invalid"',
    );
  });

  it("puts an error's name and message on the line and its stack frames below", () => {
    const line = formatLine({
      time: '2026-11-29T18:03:12.456Z',
      level: 'ERROR',
      message: 'sweep failed',
      error: {
        name: 'TypeError',
        message: 'boom',
        stack: 'TypeError: boom\n    at sweep (sweep.ts:1:1)',
      },
    });

    expect(line).toBe(
      '18:03:12.456 ERROR sweep failed error="TypeError: boom"\n    at sweep (sweep.ts:1:1)',
    );
  });
});

describe('chooseLogFormat', () => {
  it('prints lines at a terminal and JSON into a pipe, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(undefined, true)).toBe('text');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('text', false)).toBe('text');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chooseLogFormat,
  createLocalLogger,
  formatLine,
} from '../../../lambdas/local/local-logger.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the logger writes to stdout and stderr during `act`. */
function captured(act: () => void): { out: string; err: string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  act();
  vi.restoreAllMocks();
  return { out, err };
}

describe('createLocalLogger', () => {
  it('writes readable lines in text format, warnings and errors to stderr', () => {
    const log = createLocalLogger({ level: 'INFO', format: 'text' });

    const { out, err } = captured(() => {
      log.info('request handled', { route: 'GET /stories/{id}', status: 200 });
      log.warn('request refused', { status: 401 });
      log.error('sweep failed', { error: new RangeError('no table') });
    });

    expect(out).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request handled route="GET \/stories\/\{id\}" status=200\n$/,
    );
    const [warn, error, frame] = err.split('\n');
    expect(warn).toMatch(/ WARN {2}request refused status=401$/);
    expect(error).toMatch(/ ERROR sweep failed error="RangeError: no table"$/);
    expect(frame).toMatch(/^ {4}at /);
  });

  it('writes Powertools JSON in json format', () => {
    const log = createLocalLogger({ level: 'INFO', format: 'json' });

    const { out } = captured(() => log.info('request handled', { status: 200 }));

    expect(JSON.parse(out)).toMatchObject({
      level: 'INFO',
      message: 'request handled',
      service: 'dateline',
      status: 200,
    });
  });
});

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

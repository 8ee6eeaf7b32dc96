import { LogFormatter, Logger, LogItem, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

export type LogFormat = 'json' | 'text';

/**
 * Local mode's logger: Powertools Logger, as in the Lambdas. At a terminal it prints one
 * readable line per entry (`18:03:12.456 WARN  request refused  route="POST /stories" status=400`);
 * elsewhere (a pipe, a file, `LOG_FORMAT=json`) the usual structured JSON.
 */
export function createLocalLogger(options: { level: string; format: LogFormat }): Logger {
  const logLevel = options.level as 'INFO';
  if (options.format === 'json') return new Logger({ serviceName: 'dateline', logLevel });
  return new LineLogger({
    serviceName: 'dateline',
    logLevel,
    logFormatter: new ReadableLogFormatter(),
  });
}

/** `LOG_FORMAT` when set, else text at a terminal and JSON anywhere else. */
export function chooseLogFormat(setting: LogFormat | undefined, isTty: boolean): LogFormat {
  return setting ?? (isTty ? 'text' : 'json');
}

/**
 * Keeps what a person reads: time, level, message, then only the keys the call added
 * (no service, cold-start or sampling keys, which say nothing on a laptop).
 */
export class ReadableLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        time: attributes.timestamp.toISOString(),
        level: attributes.logLevel,
        message: attributes.message,
      },
    }).addAttributes(additional);
  }
}

/**
 * Prints each entry the formatter made as a line instead of a JSON document. Powertools always
 * serialises the formatter's result with JSON.stringify, so the line is made here, from the same
 * attributes, after the logger's own replacer has turned errors into plain objects.
 */
class LineLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const attributes = JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
    const line = formatLine(attributes as Record<string, unknown>);
    if (logLevel >= LogLevelThreshold.WARN) process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  }
}

/** `HH:MM:SS.mmm LEVEL message key=value …`, with an error's stack on the lines below. */
export function formatLine(attributes: Record<string, unknown>): string {
  const { time, level, message, error, ...rest } = attributes;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${formatValue(value)}`);
  const head = [clock, String(level ?? '').padEnd(5), String(message ?? ''), ...fields]
    .filter(Boolean)
    .join(' ');
  if (error === undefined) return head;
  const {
    name,
    message: text,
    stack,
  } = error as { name?: string; message?: string; stack?: string };
  const summary = ` error=${formatValue(`${name ?? 'Error'}: ${text ?? ''}`)}`;
  // The stack's first line repeats name and message.
  const frames = typeof stack === 'string' ? stack.split('\n').slice(1).join('\n') : '';
  const trace = frames ? `\n${indent(frames)}` : '';
  return `${head}${summary}${trace}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}

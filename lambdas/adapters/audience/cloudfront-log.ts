import type { FetchRecord } from '../../core/use-cases/audience/audience-tally.js';

/** The fields of CloudFront's standard (legacy) access log when a file names none. */
const DEFAULT_FIELDS =
  'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';

/**
 * Reads CloudFront standard log lines (W3C extended format, tab-separated; `#Fields:` names the
 * columns) into fetch records. Only lines for `/feeds/…` are split at all. Bytes are the
 * response's Content-Length (`sc-content-len`, the body as the local server counts it); when
 * CloudFront logged none (a compressed answer sent chunked), `sc-bytes`, which includes the
 * headers; a 304 has no body.
 */
export class CloudFrontLogParser {
  private index = indexOf(DEFAULT_FIELDS);

  /** One line of a log file; undefined for headers, other paths and malformed lines. */
  parse(line: string): FetchRecord | undefined {
    if (line.startsWith('#')) {
      if (line.startsWith('#Fields:')) this.index = indexOf(line.slice(8).trim());
      return undefined;
    }
    if (!line.includes('/feeds/')) return undefined;
    const f = line.split('\t');
    const at = new Date(`${f[this.index.date]}T${f[this.index.time]}Z`);
    const status = Number(f[this.index.status]);
    if (Number.isNaN(at.getTime()) || !Number.isInteger(status)) return undefined;
    const length = Number(f[this.index.contentLength]);
    const bytes =
      status === 304 ? 0 : Number.isFinite(length) ? length : Number(f[this.index.bytes]) || 0;
    return {
      at,
      method: f[this.index.method] ?? '',
      path: f[this.index.path] ?? '',
      status,
      bytes,
      address: f[this.index.address] ?? '',
      userAgent: decodeField(f[this.index.userAgent] ?? ''),
    };
  }
}

type Columns = Record<
  | 'date'
  | 'time'
  | 'bytes'
  | 'address'
  | 'method'
  | 'path'
  | 'status'
  | 'userAgent'
  | 'contentLength',
  number
>;

function indexOf(fields: string): Columns {
  const names = fields.split(/\s+/);
  const at = (name: string) => names.indexOf(name);
  return {
    date: at('date'),
    time: at('time'),
    bytes: at('sc-bytes'),
    address: at('c-ip'),
    method: at('cs-method'),
    path: at('cs-uri-stem'),
    status: at('sc-status'),
    userAgent: at('cs(User-Agent)'),
    contentLength: at('sc-content-len'),
  };
}

/** CloudFront percent-encodes the User-Agent (spaces as `%20`, some characters twice). */
function decodeField(value: string): string {
  if (value === '-') return '';
  let decoded = value;
  for (let i = 0; i < 2 && decoded.includes('%'); i++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  return decoded;
}

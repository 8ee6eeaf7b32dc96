import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseNinjsRequest } from '../lambdas/adapters/http/ninjs-request.js';
import { parseJsonBody } from '../lambdas/adapters/http/request.js';
import { ValidationError } from '../lambdas/core/errors.js';

/**
 * `npx tsx scripts/check-ninjs-suite.ts /tmp/newsinjson`: runs IPTC's published ninjs examples
 * (`examples/`, `documentation/includes/examples/`) and validation suite
 * (`validation/test_suite/<version>/should_pass|should_fail`) through the very code a
 * `POST /stories` with `Content-Type: application/vnd.iptc.ninjs+json` runs (the body parser with
 * its depth bound, then the ninjs mapping and the story schema), and prints one row per document
 * and a summary. Exits 1 if any document is not handled as expected:
 *
 * - an example or a should_pass document is accepted; one that is not a text item (a picture, a
 *   video, an event) may instead be refused for that reason alone, since Dateline takes stories;
 * - a should_fail document is refused, naming its reason; one whose only fault is a property the
 *   ninjs version does not define is accepted with that property ignored and listed under
 *   `warnings` (how Dateline takes agency vendor fields).
 */
type Expect = 'accept' | 'refuse';
type Verdict = { ok: boolean; result: string; deviation?: true };

/**
 * Where Dateline decides otherwise than the one JSON schema a document was written against, on
 * purpose; each is printed as DEVIATION with its reason, and counted apart.
 */
const DEVIATIONS: Readonly<Record<string, string>> = {
  'validation/test_suite/1.0/should_pass/019_embargoed_bad_datetime.json':
    'an embargo Dateline cannot read ("Next Monday") is refused, never dropped',
  'validation/test_suite/1.0/should_fail/006_version_must_be_string.json':
    'a numeric version is read as its decimal text (AP Media API sends one)',
  'validation/test_suite/1.0/should_fail/016_infosource.json':
    'infosource[].rel came in a later 1.x: the latest minor version of 1.x is applied',
  'validation/test_suite/1.1/should_fail/002_infosource.json':
    'infosource[].rel came in a later 1.x: the latest minor version of 1.x is applied',
};

const root = process.argv[2];
if (!root) {
  console.error(
    'usage: npx tsx scripts/check-ninjs-suite.ts <path of an IPTC newsinjson checkout>',
  );
  process.exit(2);
}

const NOT_A_STORY = /is not a story; Dateline takes text items/;
const UNKNOWN = /^(ignored|read as [^:]+): not a ninjs \d\.x property$/;

function jsonFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

function eventOf(body: string): APIGatewayProxyEventV2 {
  return {
    body,
    isBase64Encoded: false,
    headers: { 'content-type': 'application/vnd.iptc.ninjs+json' },
    queryStringParameters: { regions: 'suite', channel: 'wire' },
  } as unknown as APIGatewayProxyEventV2;
}

/** Runs one document; returns what Dateline answered, in words. */
function run(body: string) {
  try {
    const event = eventOf(body);
    const parsed = parseJsonBody(event);
    const { warnings } = parseNinjsRequest(parsed, event, ['suite']);
    return { accepted: true as const, warnings: warnings ?? [] };
  } catch (error) {
    if (error instanceof ValidationError) {
      return { accepted: false as const, issues: error.issues };
    }
    const e = error as { status?: number; message?: string };
    if (e.status && e.status < 500) {
      return {
        accepted: false as const,
        issues: [{ path: '', message: `${e.status} ${e.message}` }],
      };
    }
    return { crashed: true as const, message: String((error as Error)?.message ?? error) };
  }
}

function judge(expect: Expect, outcome: ReturnType<typeof run>): Verdict {
  if ('crashed' in outcome) return { ok: false, result: `CRASH ${outcome.message}` };
  if (outcome.accepted) {
    const ignored = outcome.warnings.filter((w) => UNKNOWN.test(w.message)).map((w) => w.path);
    const note = ignored.length ? ` (ignored: ${ignored.join(', ')})` : '';
    if (expect === 'accept') return { ok: true, result: `accepted${note}` };
    return ignored.length
      ? { ok: true, result: `accepted, unknown properties only${note}` }
      : { ok: false, result: 'accepted' };
  }
  const reasons = outcome.issues.map((i) => `${i.path || '(document)'}: ${i.message}`);
  const short = reasons.join('; ').slice(0, 160);
  if (expect === 'refuse') return { ok: true, result: `refused: ${short}` };
  if (outcome.issues.every((i) => NOT_A_STORY.test(i.message))) {
    return { ok: true, result: `not a story: ${short}` };
  }
  return { ok: false, result: `refused: ${short}` };
}

const groups: { label: string; expect: Expect; files: string[] }[] = [
  { label: 'examples', expect: 'accept', files: jsonFiles(join(root, 'examples')) },
  {
    label: 'documentation examples',
    expect: 'accept',
    files: jsonFiles(join(root, 'documentation', 'includes', 'examples')),
  },
];
const suite = join(root, 'validation', 'test_suite');
for (const version of readdirSync(suite).sort()) {
  for (const kind of ['should_pass', 'should_fail'] as const) {
    groups.push({
      label: `${version} ${kind}`,
      expect: kind === 'should_pass' ? 'accept' : 'refuse',
      files: jsonFiles(join(suite, version, kind)),
    });
  }
}

const rows: string[] = [];
const summary: string[] = [];
let failures = 0;
let deviations = 0;
let skipped = 0;

function isJsonSchema(text: string): boolean {
  try {
    return /json-schema\.org/.test(String(JSON.parse(text)?.$schema ?? ''));
  } catch {
    return false;
  }
}
for (const group of groups) {
  let ok = 0;
  let deviated = 0;
  for (const file of group.files.sort()) {
    const text = readFileSync(file, 'utf8');
    // A few example files hold a list of items: each is posted on its own.
    let bodies: string[] = [text];
    try {
      const value = JSON.parse(text);
      if (Array.isArray(value)) bodies = value.map((item) => JSON.stringify(item));
    } catch {
      // Not JSON: posted as it is, and judged by the answer.
    }
    if (isJsonSchema(text)) {
      rows.push(`SKIP  ${relative(root, file)}  a JSON Schema (an extension's), not a document`);
      skipped++;
      continue;
    }
    for (const [index, body] of bodies.entries()) {
      const verdict = judge(group.expect, run(body));
      const name = relative(root, file) + (bodies.length > 1 ? `[${index}]` : '');
      const deviation = DEVIATIONS[relative(root, file)];
      if (!verdict.ok && deviation) {
        rows.push(`DEVIATION  ${name}  ${verdict.result} — ${deviation}`);
        deviations++;
        deviated++;
        continue;
      }
      rows.push(`${verdict.ok ? 'PASS' : 'FAIL'}  ${name}  ${verdict.result}`);
      if (verdict.ok) ok++;
      else failures++;
    }
  }
  const total = group.files.reduce((n, f) => {
    try {
      const text = readFileSync(f, 'utf8');
      if (isJsonSchema(text)) return n;
      const value = JSON.parse(text);
      return n + (Array.isArray(value) ? value.length : 1);
    } catch {
      return n + 1;
    }
  }, 0);
  if (total > 0) {
    const note = deviated ? `, ${deviated} deliberate deviation${deviated > 1 ? 's' : ''}` : '';
    summary.push(
      `${group.label.padEnd(24)} ${String(ok).padStart(4)} / ${total} as expected${note}`,
    );
  }
}

console.log(rows.join('\n'));
console.log('\nSummary');
console.log(summary.join('\n'));
console.log(`\n${deviations} deliberate deviations, ${skipped} JSON Schema files skipped`);
console.log(failures === 0 ? 'all as expected' : `${failures} not as expected`);
process.exit(failures === 0 ? 0 : 1);

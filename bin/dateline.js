#!/usr/bin/env node
// `npx dateline`: the command-line client (cli/main.ts). It runs the plain JavaScript that
// `npm install` builds into dist/cli.js (scripts/build-cli.mjs); when that is missing or older
// than a file of cli/ (an edit since), it runs the TypeScript through tsx's loader instead.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli.js', root);

function isFresh() {
  const builtAt = statSync(built, { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined) return false;
  const sources = new URL('cli/', root);
  return readdirSync(sources).every((name) => statSync(new URL(name, sources)).mtimeMs <= builtAt);
}

let main;
if (isFresh()) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

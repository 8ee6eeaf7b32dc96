// Builds the `npx dateline` client (cli/) into one plain JavaScript file, dist/cli.js, so the
// command starts without compiling TypeScript at run time. npm install runs it (`prepare`).
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

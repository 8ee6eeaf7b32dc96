import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Where a run's time goes, per test file: `npx vitest run --reporter=default
 * --reporter=./test/support/timing-reporter.ts` prints the slowest files at the end, each
 * with its import time (collect: importing the file and what it imports, module-level code
 * included) apart from its hooks and tests, and when it started and ended in the run.
 * `TIMING_JSON=FILE` also writes every file's figures as JSON.
 */
export default class TimingReporter implements Reporter {
  private readonly started = Date.now();
  private readonly rows: Array<{
    file: string;
    project: string;
    startS: number;
    endS: number;
    wallS: number;
    collectS: number;
    testsS: number;
    tests: number;
  }> = [];
  private readonly starts = new Map<string, number>();

  onTestModuleQueued(module: TestModule): void {
    this.starts.set(module.id, Date.now());
  }

  onTestModuleEnd(module: TestModule): void {
    const end = Date.now();
    const start = this.starts.get(module.id) ?? end;
    const d = module.diagnostic();
    const s = (ms: number) => Math.round(ms / 100) / 10;
    this.rows.push({
      file: module.relativeModuleId,
      project: module.project.name,
      startS: s(start - this.started),
      endS: s(end - this.started),
      wallS: s(end - start),
      collectS: s(d.collectDuration),
      testsS: s(d.duration),
      tests: [...module.children.allTests()].length,
    });
  }

  onTestRunEnd(): void {
    const rows = [...this.rows].sort((a, b) => b.wallS - a.wallS);
    const lines = rows.map(
      (r) =>
        `${r.wallS.toFixed(1).padStart(6)} s  import ${r.collectS.toFixed(1).padStart(5)}  tests ${r.testsS
          .toFixed(1)
          .padStart(5)}  [${r.startS.toFixed(1)}–${r.endS.toFixed(1)}]  ${r.file}`,
    );
    const total = (Date.now() - this.started) / 1000;
    process.stdout.write(
      `\nPer-file wall time (run ${total.toFixed(1)} s):\n${lines.slice(0, 25).join('\n')}\n`,
    );
    const out = process.env.TIMING_JSON;
    if (out) writeFileSync(out, `${JSON.stringify({ totalS: total, files: rows }, null, 2)}\n`);
  }
}

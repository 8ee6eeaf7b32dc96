import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in, so the run ends when the work does: with two workers, a long
 * file started last finishes alone while the other worker idles. Vitest's own order puts whole
 * projects in alphabetical order and, before a run has recorded how long each file takes
 * (a fresh clone), takes the biggest file first. This one puts the projects in `order` and,
 * within a project, takes the slowest file first: by the durations recorded from earlier runs
 * when every file has one, otherwise by an estimate from what the file starts (a JVM, a browser,
 * a child process, a synth with bundling). Files of one project stay together, so a
 * project that runs without isolation keeps reusing its worker.
 */
export function sequencerFor(order: readonly string[]) {
  return class ProjectsThenSlowestFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const rank = (spec: TestSpecification) => {
        const at = order.indexOf(spec.project.name);
        return at === -1 ? order.length : at;
      };
      const recorded = (spec: TestSpecification) =>
        this.ctx.cache.getFileTestResults(
          `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`,
        )?.duration;
      const known = files.every((spec) => recorded(spec) !== undefined);
      const weight = new Map(
        files.map((spec) => [spec, known ? (recorded(spec) ?? 0) : estimate(spec.moduleId)]),
      );
      return [...files].sort(
        (a, b) => rank(a) - rank(b) || (weight.get(b) ?? 0) - (weight.get(a) ?? 0),
      );
    }
  };
}

/** What makes a test file slow here, and roughly how many seconds each costs. */
const COSTS: ReadonlyArray<readonly [RegExp, number]> = [
  [
    /\bstartDynamoDbLocal\(|\bspawn\(process\.execPath, \['--import', 'tsx', 'lambdas\/local\/server/g,
    8,
  ],
  [/\bdataDir\b/g, 2],
  // The local app on its own DynamoDB Local (startTestApp() shares the run's): a restart is two.
  [/\bstartLocalApp\(\{/g, 16],
  [/\blaunchChromium\(/g, 5],
  [/\baxe\b/g, 1],
  [/\bexecFile\(|\bspawn(Sync)?\(|promisify\(execFile\)/g, 3],
  [/\bdatelineProcess\(\[/g, 3],
  // Builds the three Lambda bundles (esbuild) and starts a node process for each.
  [/\bstartBundledStack\(/g, 10],
  [/\bapp\.synth\(|Template\.fromStack\(|buildStack\(/g, 1],
  // The one real synth: three esbuild bundles and CloudFormation's template validation.
  [/\.getStackByName\(/g, 10],
  [/\bstartTestApp\(|\bcreateTest(Table|Stores)\(/g, 1],
  [/\bfc\.(assert|sample)\(/g, 1],
];

function estimate(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 0;
  }
  let seconds = text.length / 10_000;
  for (const [pattern, cost] of COSTS) seconds += (text.match(pattern)?.length ?? 0) * cost;
  return seconds;
}

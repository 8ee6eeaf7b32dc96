import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatelineStack, type DatelineStackProps } from '../../lib/dateline-stack.js';
import { parseSiteContext } from '../../lib/site-context.js';
import type { Stage } from '../../lib/stage.js';

/** The context block of cdk.json (feature flags and the `dateline` config), as `cdk synth` sees it. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** The stack as `cdk synth -c stage=<stage>` builds it, minus bundling and template validation. */
export function buildStack(
  stage: Stage = 'dev',
  extra: Partial<DatelineStackProps> = {},
): DatelineStack {
  const context = cdkJsonContext();
  const app = new App({
    context: { ...context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  return new DatelineStack(app, `Dateline-${stage}`, {
    site: parseSiteContext(context.dateline),
    stage,
    ...extra,
  });
}

export function synthTemplate(stage: Stage = 'dev'): Template {
  return Template.fromStack(buildStack(stage));
}

const shared = new Map<Stage, { readonly stack: DatelineStack; readonly template: Template }>();

/**
 * The stack of `stage` with the default props and its template, built once per test worker and
 * shared by every infra file that only reads them (the infra project runs without isolation, so
 * files in one worker share this module). A synth takes seconds on a busy machine. Never add
 * constructs to it or change what it returns: build your own with `buildStack` for that.
 */
export function sharedStack(stage: Stage = 'dev'): {
  readonly stack: DatelineStack;
  readonly template: Template;
} {
  let built = shared.get(stage);
  if (!built) {
    const stack = buildStack(stage);
    built = { stack, template: Template.fromStack(stack) };
    shared.set(stage, built);
  }
  return built;
}

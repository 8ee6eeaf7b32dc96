import type { Issue } from '../errors.js';
import { ForbiddenError } from '../errors.js';

/** The two feed families; kept here (not imported from story.ts) so the authorizer bundle stays lean. */
export type ScopeChannel = 'local' | 'wire';

/**
 * What a credential may touch. `channels` and `regions` are either `['*']` (every channel, every
 * region — including regions configured later and stories bound for `*`) or explicit lists.
 */
export interface Scope {
  readonly channels: readonly string[];
  readonly regions: readonly string[];
}

/**
 * What a credential may do beyond sending its own stories: `edit` lets it update, kill and read
 * every story in its scope, whoever sent it (a desk editor's credential); `stats` lets it read
 * the audience figures (`GET /stats`), which are otherwise the admin's alone.
 */
export type Ability = 'edit' | 'stats';
export const ABILITIES: readonly Ability[] = ['edit', 'stats'];

/** Who is calling: a named credential with its scope; `admin` also manages credentials. */
export interface Principal extends Scope {
  readonly name: string;
  readonly admin: boolean;
  readonly abilities?: readonly Ability[];
}

/** The admin credential: the deployment's own token (the secret on AWS, `DATELINE_TOKEN` locally). */
export const ADMIN: Principal = Object.freeze({
  name: 'admin',
  admin: true,
  channels: ['*'],
  regions: ['*'],
});

/** The part of a story that scope is checked against. */
export interface ScopeTarget {
  readonly channel: string;
  readonly regions: readonly string[];
}

export type ScopeAction = 'write' | 'read' | 'kill' | 'update';

const ALL = '*';

/**
 * Every way `target` lies outside `scope`, as issues naming the field: the channel if it is not
 * one of the credential's, and each region it does not cover. A `*` (all regions) story is
 * covered only by an all-regions credential. Empty when the target is in scope.
 */
export function scopeViolations(scope: Scope, target: ScopeTarget, pathPrefix = ''): Issue[] {
  const issues: Issue[] = [];
  if (!scope.channels.includes(ALL) && !scope.channels.includes(target.channel)) {
    issues.push({
      path: `${pathPrefix}channel`,
      message: `channel "${target.channel}" is outside the credential's channels (${scope.channels.join(', ')})`,
    });
  }
  if (!scope.regions.includes(ALL)) {
    target.regions.forEach((region, index) => {
      if (region === ALL || !scope.regions.includes(region)) {
        issues.push({
          path: `${pathPrefix}regions[${index}]`,
          message:
            region === ALL
              ? 'all regions ("*") needs an all-regions credential'
              : `region "${region}" is outside the credential's regions (${scope.regions.join(', ')})`,
        });
      }
    });
  }
  return issues;
}

export function isInScope(scope: Scope, target: ScopeTarget): boolean {
  return scopeViolations(scope, target).length === 0;
}

/**
 * Throws ForbiddenError naming what is out of scope. For an update, `stored` is the story as it
 * is now: a credential may neither reach a story outside its scope nor move one out of it.
 */
export function assertInScope(
  principal: Principal,
  action: ScopeAction,
  target: ScopeTarget,
  stored?: ScopeTarget,
): void {
  const issues = [
    ...scopeViolations(principal, target),
    ...(stored ? scopeViolations(principal, stored, 'stored.') : []),
  ];
  if (issues.length > 0) {
    throw new ForbiddenError(
      `credential "${principal.name}" may not ${action} this story: it is outside the credential's scope`,
      issues,
    );
  }
}

/** 403 for anyone but the admin credential. */
export function assertAdmin(principal: Principal, what: string): void {
  if (!principal.admin) {
    throw new ForbiddenError(`only the admin credential may ${what}`, [
      { path: 'credential', message: `"${principal.name}" is not the admin credential` },
    ]);
  }
}

/** 403 unless the admin or a credential with the `stats` ability reads the audience figures. */
export function assertMayReadStats(principal: Principal): void {
  if (principal.admin || (principal.abilities ?? []).includes('stats')) return;
  throw new ForbiddenError(
    'only the admin or a credential with the "stats" ability may read the audience figures',
    [{ path: 'credential', message: `"${principal.name}" has no "stats" ability` }],
  );
}

/** One problem with one field of a request, named by its path (`byline[0].name`). */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** A typed error: `name` says which (as logs show it), and it carries no HTTP status. */
abstract class CoreError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** An error about a request that names each field at fault in `issues`. */
abstract class IssuesError extends CoreError {
  readonly issues: readonly Issue[];
  constructor(name: string, message: string, issues: readonly Issue[]) {
    super(name, message);
    this.issues = issues;
  }
}

/** The input breaks the contract; `issues` names every bad field. */
export class ValidationError extends IssuesError {
  constructor(message: string, issues: readonly Issue[] = []) {
    super('ValidationError', message, issues);
  }
}

/** Valid credentials reaching outside their scope; `issues` names what is out of scope. */
export class ForbiddenError extends IssuesError {
  constructor(message: string, issues: readonly Issue[] = []) {
    super('ForbiddenError', message, issues);
  }
}

/** A newer (or a different, same-numbered) version is already stored. */
export class ConflictError extends CoreError {
  readonly storedVersion: number;
  constructor(message: string, storedVersion: number) {
    super('ConflictError', message);
    this.storedVersion = storedVersion;
  }
}

/** The named thing does not exist. */
export class NotFoundError extends CoreError {
  constructor(message: string) {
    super('NotFoundError', message);
  }
}

/** Another writer changed the record between our read and our write; the caller retries. */
export class ConcurrentWriteError extends CoreError {
  constructor(message = 'the record changed while it was being written') {
    super('ConcurrentWriteError', message);
  }
}

/** A compare-and-swap write found a different version than the one it read. */
export class PreconditionFailedError extends CoreError {
  constructor(key: string) {
    super('PreconditionFailedError', `${key} changed since it was read`);
  }
}

/**
 * A publisher's write lost its race: a feed file changed since it was read (compare-and-swap on
 * the file) or the archive head moved (conditional update on the table). Reading and rendering
 * again settles it.
 */
export function isLostWriteRace(error: unknown): boolean {
  return error instanceof PreconditionFailedError || error instanceof ConcurrentWriteError;
}

/** A read did not yet show a write it was triggered by; the caller retries later. */
export class StaleReadError extends CoreError {
  constructor(message: string) {
    super('StaleReadError', message);
  }
}

/** Something with that name already exists and names are never reused silently. */
export class AlreadyExistsError extends CoreError {
  readonly path: string;
  constructor(message: string, path: string) {
    super('AlreadyExistsError', message);
    this.path = path;
  }
}

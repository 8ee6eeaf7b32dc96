/** One problem with one field of a request, named by its path (`byline[0].name`). */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** The input breaks the contract; `issues` names every bad field. */
export class ValidationError extends Error {
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A newer (or a different, same-numbered) version is already stored. */
export class ConflictError extends Error {
  readonly storedVersion: number;
  constructor(message: string, storedVersion: number) {
    super(message);
    this.name = 'ConflictError';
    this.storedVersion = storedVersion;
  }
}

/** The named thing does not exist. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Another writer changed the record between our read and our write; the caller retries. */
export class ConcurrentWriteError extends Error {
  constructor(message = 'the record changed while it was being written') {
    super(message);
    this.name = 'ConcurrentWriteError';
  }
}

/** A compare-and-swap write found a different version than the one it read. */
export class PreconditionFailedError extends Error {
  constructor(key: string) {
    super(`${key} changed since it was read`);
    this.name = 'PreconditionFailedError';
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
export class StaleReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleReadError';
  }
}

/** Valid credentials reaching outside their scope; `issues` names what is out of scope. */
export class ForbiddenError extends Error {
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'ForbiddenError';
    this.issues = issues;
  }
}

/** Something with that name already exists and names are never reused silently. */
export class AlreadyExistsError extends Error {
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.name = 'AlreadyExistsError';
    this.path = path;
  }
}

import type { Issue } from '../../core/errors.js';

/** At most this many `details` in any one reply (a batch shares them across its stories). */
export const MAX_DETAILS = 100;
/** Byte budget of the `details` of one error reply; with the message it stays under 64 KB. */
export const DETAIL_BYTES = 56_000;
const MAX_PATH_CHARS = 200;
const MAX_MESSAGE_CHARS = 300;
/** An error's message never grows past this (it may quote what the client sent). */
export const MAX_ERROR_MESSAGE_CHARS = 1000;

/** What is left to spend on details; shared by every error of one reply. */
export interface DetailBudget {
  count: number;
  bytes: number;
}

export interface ErrorFields {
  readonly code: string;
  readonly message: string;
  readonly details: readonly Issue[];
  readonly requestId?: string;
}

export function detailBudget(bytes = DETAIL_BYTES): DetailBudget {
  return { count: MAX_DETAILS, bytes };
}

/**
 * The error as it may be sent: the first details that fit the budget, each clipped, and the
 * number left out both as `detailsOmitted` and in the message, so a client that sent 130,000
 * bad regions learns that without receiving 130,000 lines. Never walks the whole list.
 */
export function boundError(
  error: ErrorFields,
  budget: DetailBudget,
  maxMessageChars = MAX_ERROR_MESSAGE_CHARS,
): ErrorFields & { readonly detailsOmitted?: number } {
  const details: Issue[] = [];
  for (const issue of error.details) {
    if (budget.count <= 0) break;
    const detail = {
      path: clip(issue.path, MAX_PATH_CHARS),
      message: clip(issue.message, MAX_MESSAGE_CHARS),
    };
    const size = Buffer.byteLength(JSON.stringify(detail)) + 1;
    if (size > budget.bytes) break;
    details.push(detail);
    budget.count -= 1;
    budget.bytes -= size;
  }
  const omitted = error.details.length - details.length;
  const message = clip(error.message, maxMessageChars);
  if (omitted === 0) return { ...error, message, details };
  return {
    ...error,
    message: `${message} (${details.length} problems listed, ${omitted} more not shown)`,
    details,
    detailsOmitted: omitted,
  };
}

/** At most `max` UTF-16 units, ending in `…` when cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

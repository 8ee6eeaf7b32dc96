import { cleanLine } from './clean-text.js';

/** A byline as stored: `{name: "Julie Pace", title: "The Associated Press"}`. */
export interface BylineEntry {
  readonly name: string;
  readonly title?: string;
  readonly url?: string;
}

/** One person (or the agency) as feeds carry it: "Julie Pace, The Associated Press". */
export interface CreditedAuthor {
  readonly name: string;
  readonly url?: string;
}

/** Who wrote a story, as readers are shown it. */
export interface StoryAuthors {
  /** One element per person, each with their agency: Atom `author`, JSON Feed `authors`. */
  readonly people: readonly CreditedAuthor[];
  /**
   * One line naming everyone, for readers that keep a single author element and for the body:
   * "Julie Pace and Jim Heintz, The Associated Press". Undefined when nobody is credited.
   */
  readonly line?: string;
}

/**
 * The authors of a story, with the agency credit visible: a byline without an affiliation of its
 * own gets the story's `credit` ("Julie Pace" + credit "The Associated Press" gives "Julie Pace,
 * The Associated Press"); a story with a credit and no byline is authored by the agency, never by
 * the site. Names are cleaned one-line text; markup in them stays text.
 */
export function authorsOf(
  byline: readonly BylineEntry[] | undefined,
  credit: string | undefined,
): StoryAuthors {
  const agency = cleanLine(credit ?? '');
  const entries = (byline ?? []).flatMap((b) => {
    const name = cleanLine(b.name);
    if (!name) return [];
    const title = cleanLine(b.title ?? '');
    const affiliation = title || (agency && !includes(name, agency) ? agency : '');
    return [{ name, affiliation, url: b.url }];
  });
  if (entries.length === 0) {
    return agency ? { people: [{ name: agency }], line: agency } : { people: [] };
  }
  const people = entries.map((e) => ({
    name: e.affiliation ? `${e.name}, ${e.affiliation}` : e.name,
    ...(e.url === undefined ? {} : { url: e.url }),
  }));
  return { people, line: lineOf(entries) };
}

/** Consecutive people of one affiliation share it: "A, B and C, The Canadian Wire; D, Reuters". */
function lineOf(entries: ReadonlyArray<{ name: string; affiliation: string }>): string {
  const groups: Array<{ names: string[]; affiliation: string }> = [];
  for (const entry of entries) {
    const last = groups.at(-1);
    if (last && last.affiliation === entry.affiliation) last.names.push(entry.name);
    else groups.push({ names: [entry.name], affiliation: entry.affiliation });
  }
  return groups
    .map((g) => (g.affiliation ? `${joinNames(g.names)}, ${g.affiliation}` : joinNames(g.names)))
    .join('; ');
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function includes(text: string, part: string): boolean {
  return text.toLowerCase().includes(part.toLowerCase());
}

import * as z from 'zod';
import { closed, common, number, standard, TYPES_1, text } from './ninjs-shape-parts.js';

const entityOne = z
  .strictObject({
    name: text,
    rel: text,
    scheme: text,
    code: text,
    contactinfo: z.array(z.looseObject({})),
    symbols: z.array(z.looseObject({})),
    creator: text,
    relevance: number,
    confidence: number,
  })
  .partial();
const placeOne = closed(entityOne.shape, {
  major: 1,
  required: [],
  // As the 1.x schemas write them: a prefix, not anchored at the end.
  patterns: /^geometry_[a-zA-Z0-9_]+/,
  pattern: z.looseObject({}),
});
const renditionOne = z.looseObject({
  href: text.optional(),
  mimetype: text.optional(),
  title: text.optional(),
  height: number.optional(),
  width: number.optional(),
  sizeinbytes: number.optional(),
});
const KEY = /^[a-zA-Z0-9_]+/;
const keyed = <T extends z.ZodType>(value: T) =>
  z.record(text.regex(KEY, 'names a rendition or association with letters, digits or _'), value);

/**
 * A ninjs 1.x news object: singular names (`person`, `subject`), renditions and associations
 * keyed by name, and the `headline_*`, `body_*`, `description_*` pattern properties.
 */
export const itemOne: z.ZodType = closed(
  {
    ...common,
    $standard: standard,
    type: z.enum(TYPES_1),
    mimetype: text,
    representationtype: z.enum(['complete', 'incomplete']),
    embargoed: text,
    byline: text,
    headline: text,
    charcount: number,
    wordcount: number,
    person: z.array(entityOne),
    organisation: z.array(entityOne),
    place: z.array(placeOne),
    subject: z.array(entityOne),
    event: z.array(entityOne),
    object: z.array(entityOne),
    infosource: z.array(entityOne),
    genre: z.array(z.strictObject({ name: text, scheme: text, code: text }).partial()),
    trustindicator: z.array(
      z.strictObject({ scheme: text, code: text, title: text, href: text }).partial(),
    ),
    altids: z.record(text, z.unknown()),
    renditions: keyed(renditionOne),
    associations: keyed(z.lazy(() => itemOne)),
  },
  { major: 1, patterns: /^(headline|body|description)_[a-zA-Z0-9_]+/, pattern: text },
);

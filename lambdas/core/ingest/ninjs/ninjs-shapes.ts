import * as z from 'zod';

import {
  closed,
  common,
  number,
  pubstatus,
  standard,
  TYPES_1,
  TYPES_3,
  text,
  urgency,
} from './ninjs-shape-parts.js';

export { itemOne } from './ninjs-shape-one.js';

/**
 * The shapes of a ninjs news object, per major version, from the facts of the specification.
 * 3.x is checked in its 2.x spelling (keys lower-cased by the caller), with its own additions.
 * Objects the standard closes are strict; an unknown property is named as such.
 */

// ---- 2.x and 3.x: plural names, role/value lists, listed renditions and associations.
const entry = (extra: Record<string, z.ZodType> = {}) =>
  z.strictObject({ role: text, contenttype: text, value: text, ...extra }).partial({
    role: true,
    contenttype: true,
    ...Object.fromEntries(Object.keys(extra).map((k) => [k, true])),
  });
const GEOJSON_TYPES = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
  'Feature',
  'FeatureCollection',
] as const;
const geoJson = z
  .looseObject({ type: z.enum(GEOJSON_TYPES), coordinates: z.array(z.unknown()).optional() })
  .refine(
    (g) => /Collection|Feature/.test(g.type) || Array.isArray(g.coordinates),
    'a GeoJSON geometry needs its coordinates',
  );
const entityTwo = z
  .strictObject({
    id: text,
    name: text,
    rel: text,
    role: text,
    uri: text,
    literal: text,
    contactinfo: z.array(z.looseObject({})),
    symbols: z.array(z.looseObject({})),
    creator: text,
    relevance: number,
    confidence: number,
    geojson: geoJson,
  })
  .partial();
const renditionTwo = z
  .strictObject({
    name: text,
    href: text,
    contenttype: text,
    title: text,
    height: number,
    width: number,
    sizeinbytes: number,
    duration: number,
    format: text,
    aspectratio: text,
    videocodec: text,
    framerate: number,
    poi: z.looseObject({}),
    transportprotocol: text,
    scantype: z.enum(['progressive', 'interlaced']),
    bitrate: text,
  })
  .partial()
  .required({ name: true });

const TRUNCATED_DATE =
  /^-?\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?)?(Z|[+-]\d{2}:\d{2})?$/;
const truncatedDate = text.regex(
  TRUNCATED_DATE,
  'must be a date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time',
);
const dates = z
  .strictObject({
    startdate: text,
    enddate: text,
    expectedstartdate: truncatedDate,
    expectedenddate: truncatedDate,
    expectedduration: text,
    recurrence: z.looseObject({}),
  })
  .partial()
  .refine(
    (d) => !(d.startdate && d.expectedstartdate),
    'give startDate or expectedStartDate, not both',
  )
  .refine((d) => !(d.enddate && d.expectedenddate), 'give endDate or expectedEndDate, not both');

/**
 * A list of entities. A single entity where the list belongs (as IPTC's own 3.0 event-timeline
 * example writes `events`) is read as a list of one.
 */
const entities = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : value,
  z.array(entityTwo),
);

function itemOf(major: 2 | 3, role: 'item' | 'association'): z.ZodType {
  const shape: Record<string, z.ZodType> = {
    ...common,
    standard,
    name: text,
    type: z.enum(major === 3 ? TYPES_3 : TYPES_1),
    representationtype: z.enum(['full', 'partial']),
    by: text,
    headlines: z.array(entry()),
    descriptions: z.array(entry()),
    bodies: z.array(entry({ charcount: number, wordcount: number })),
    people: entities,
    organisations: entities,
    places: entities,
    subjects: entities,
    events: entities,
    objects: entities,
    infosources: entities,
    genres: z.array(z.strictObject({ name: text, uri: text, literal: text }).partial()),
    trustindicators: z.array(z.strictObject({ role: text, title: text, href: text }).partial()),
    altids: z.array(z.strictObject({ role: text, value: text }).partial()),
    renditions: z.array(renditionTwo),
    associations: z.array(z.lazy(() => (major === 3 ? associationThree : associationTwo))),
    ...(major === 3
      ? {
          embargoeduntil: text,
          eventdetails: z
            .strictObject({
              eventstatus: text,
              plannedcoveragestatus: text,
              dates,
              organiser: z.looseObject({}),
            })
            .partial(),
          plannedcoverage: z.array(
            z.looseObject({
              urgency: urgency.optional(),
              pubstatus: pubstatus.optional(),
              dates: dates.optional(),
            }),
          ),
        }
      : { embargoed: text }),
  };
  if (role === 'item') delete shape.name;
  return closed(shape, { major, required: role === 'item' ? ['uri'] : ['uri', 'name'] }).refine(
    (item) => !(item.type === 'event' && item.renditions !== undefined),
    { message: 'an event has no renditions', path: ['renditions'] },
  );
}

const associationTwo = itemOf(2, 'association');
const associationThree = itemOf(3, 'association');
export const itemTwo = itemOf(2, 'item');
export const itemThree = itemOf(3, 'item');

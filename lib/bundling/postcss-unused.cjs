// Stands in for postcss in the Lambda bundles (see DatelineFunction). sanitize-html require()s
// postcss at load, but calls it only to parse a `style` attribute it was told to keep; Dateline
// keeps none and turns style parsing off (lambdas/core/content/clean-html.ts), so the ~90 KB of
// postcss and its source-map library would be parsed at every cold start and never run.
'use strict';

exports.parse = () => {
  throw new Error('postcss is not bundled: Dateline keeps no style attributes');
};

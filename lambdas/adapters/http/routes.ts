/**
 * The ingest API's route table, as plain data: the CDK stack creates one HTTP API route per entry
 * and the local server dispatches by it, so the two cannot drift apart.
 */
export const ROUTES = [
  { name: 'createStory', method: 'POST', path: '/stories' },
  { name: 'createStoryBatch', method: 'POST', path: '/stories/batch' },
  { name: 'getStory', method: 'GET', path: '/stories/{id}' },
  { name: 'killStory', method: 'DELETE', path: '/stories/{id}' },
  { name: 'createCredential', method: 'POST', path: '/credentials' },
  { name: 'listCredentials', method: 'GET', path: '/credentials' },
  { name: 'revokeCredential', method: 'DELETE', path: '/credentials/{name}' },
  { name: 'rebuild', method: 'POST', path: '/rebuild' },
  { name: 'createPartner', method: 'POST', path: '/partners' },
  { name: 'listPartners', method: 'GET', path: '/partners' },
  { name: 'getPartner', method: 'GET', path: '/partners/{name}' },
  { name: 'deletePartner', method: 'DELETE', path: '/partners/{name}' },
  { name: 'getStatsPage', method: 'GET', path: '/stats' },
  { name: 'getStats', method: 'GET', path: '/stats.json' },
] as const;

export type RouteName = (typeof ROUTES)[number]['name'];
export type Route = (typeof ROUTES)[number];

import { describe, expect, it } from 'vitest';
import { exposureWarning, loadLocalConfig } from '../../../lambdas/local/local-config.js';

describe('loadLocalConfig', () => {
  it('listens on loopback unless HOST says otherwise', () => {
    expect(loadLocalConfig({}).host).toBe('127.0.0.1');
    expect(loadLocalConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('refuses a HOST that is no address or name', () => {
    expect(() => loadLocalConfig({ HOST: 'a b' })).toThrow(/HOST/);
  });
});

describe('exposureWarning', () => {
  it("warns when another interface is opened with the README's example token", () => {
    expect(exposureWarning({ host: '0.0.0.0', token: 'local-dev-token-0123' })).toMatch(
      /listening on 0\.0\.0\.0 .*README's example token/,
    );
  });

  it('says nothing on loopback, or with a token of your own', () => {
    expect(exposureWarning({ host: '127.0.0.1', token: 'local-dev-token-0123' })).toBeUndefined();
    expect(exposureWarning({ host: 'localhost', token: 'local-dev-token-0123' })).toBeUndefined();
    expect(exposureWarning({ host: '0.0.0.0', token: 'a-secret-of-my-own-0123' })).toBeUndefined();
    expect(exposureWarning({ host: '0.0.0.0' })).toBeUndefined();
  });
});

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

/**
 * Finding and starting the browser for tests that look at pages the way a person does.
 *
 * The browser is looked for where people have one: `CHROMIUM_PATH`, then `chromium`,
 * `chromium-browser` and `google-chrome` on the PATH, then the usual macOS applications.
 * Without one, browser suites are skipped with a one-line reason that says how to get one;
 * in CI (`CI=true`) a missing browser fails them instead, so it can never go unnoticed there.
 *
 *     const browser = browserChecks('feed stylesheet');
 *     describe.skipIf(browser.skip)('feeds in a browser', () => {
 *       beforeAll(async () => { page = await (await launchChromium()).newPage(); });
 *     });
 */

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];
const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary';

/** Headless, offline, no first-run chores: quiet and quick on a shared machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ChromiumLookup =
  | { readonly found: true; readonly executablePath: string }
  | { readonly found: false; readonly reason: string };

type Env = Readonly<Record<string, string | undefined>>;

/** Where the browser is, or a one-line reason it isn't, saying how to install one. */
export function findChromium(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): ChromiumLookup {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (isExecutableFile(explicit)) return { found: true, executablePath: explicit };
    return {
      found: false,
      reason: `CHROMIUM_PATH is ${explicit}, which is not an executable file; ${INSTALL_HINT}`,
    };
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of PATH_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return { found: true, executablePath: candidate };
    }
  }
  if (platform === 'darwin') {
    const app = MAC_APPS.find(isExecutableFile);
    if (app) return { found: true, executablePath: app };
  }
  return {
    found: false,
    reason: `no Chromium found (CHROMIUM_PATH unset; no ${PATH_NAMES.join(', ')} on the PATH${platform === 'darwin' ? '; none in /Applications' : ''}); ${INSTALL_HINT}`,
  };
}

/** Whether browser checks must be skipped here: only when there is no browser and not in CI. */
export function mustSkip(lookup: ChromiumLookup, env: Env = process.env): boolean {
  return !lookup.found && !isCi(env);
}

function isCi(env: Env): boolean {
  const ci = env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

const lookup = findChromium();

/**
 * For a browser suite: `skip` is true when it has to be skipped, and then one line says so
 * (naming the suite and how to install a browser).
 */
export function browserChecks(suite: string): { readonly skip: boolean } {
  const skip = mustSkip(lookup);
  if (!lookup.found && skip) console.warn(`Skipping the ${suite} browser checks: ${lookup.reason}`);
  return { skip };
}

/** Starts the browser found above; fails with the reason (in CI, too) when there is none. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!lookup.found) {
    const why = isCi(process.env) ? ' (CI=true: the browser checks are required here)' : '';
    throw new Error(`browser checks cannot run${why}: ${lookup.reason}`);
  }
  return chromium.launch({
    ...options,
    executablePath: lookup.executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

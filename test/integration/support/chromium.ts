import { type Browser, chromium } from 'playwright-core';

/** Flags that work on these machines (no sandbox, no GPU, nothing phoning home). */
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

/** The one place the browser is found (CHROMIUM_PATH, else the Debian package's path). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Story images point at invented hosts: answer them with a local picture, keeping tests offline. */
export const PLACEHOLDER_IMAGE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">' +
  '<rect width="120" height="80" fill="#8fae7e"/><circle cx="92" cy="22" r="10" fill="#f3d36b"/>' +
  '<path d="M0 80 L40 38 L70 62 L90 46 L120 80 Z" fill="#4f6f52"/></svg>';

// `npm run start:browser`: the app without the Electron binary. Same renderer, same core, same router,
// wired exactly as the e2e harness wires them, in a visible Chromium window.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { Dialogs } from '../../electron/core/ports';
import { launchHost } from './host';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, headless: { type: 'boolean', default: false } },
  strict: true,
});

// The same folder Electron's app.getPath('userData') uses on Linux, so both open the same portfolio.
const dataDir = values['data-dir'] ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Flightdeck');

if (!values.headless && !process.env.DISPLAY && process.platform === 'linux') {
  console.error('start:browser: no display. Run it under a desktop session or `xvfb-run npm run start:browser`.');
  process.exit(2);
}

let page: Page | null = null;
// No native file dialogs in a plain browser window: ask for a path with the page's own prompt.
const ask = async (message: string, fallback: string): Promise<string | null> =>
  page ? page.evaluate(([m, f]) => window.prompt(m, f), [message, fallback] as const) : null;
const dialogs: Dialogs = {
  chooseOpenPath: () => ask('Path of the .flightdeck file to open', join(dataDir, 'portfolio.flightdeck')),
  chooseSavePath: ({ title, defaultName }) => ask(`${title}: path of the new file`, join(dataDir, defaultName)),
  chooseEvidenceFile: () => ask('Path of the evidence file to attach', ''),
  chooseImportFile: () => ask('Path of the CSV or XLSX file to import', ''),
};

const host = await launchHost({
  dataDir,
  headless: values.headless,
  dialogs,
  viewport: null,
  actor: process.env.USER ?? 'me',
});
page = host.page;
console.log(`Flightdeck is open in Chromium. Portfolio: ${host.dbPath}. Close the window to quit.`);
const quit = async () => {
  await host.close();
  process.exit(0);
};
host.page.on('close', () => void quit());
process.on('SIGINT', () => void quit());

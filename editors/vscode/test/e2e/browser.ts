// What the browser drivers of VS Code (code-server) share: their
// environment, the headless Chromium they run, and polling helpers.

import { readFileSync } from 'node:fs';

import { Locator, chromium, Page } from 'playwright-core';

/** env returns the environment variable name, which must be set. */
export function env(name: string): string {
	const v = process.env[name];
	if (!v) {
		throw new Error(`${name} is not set`);
	}
	return v;
}

/** Flags of the browser: headless, sandboxless, and quiet on the network. */
const browserFlags = [
	'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
];

/**
 * drive runs session in a headless Chromium with the profile
 * LSPILOT_E2E_PROFILE, writes what it returns as one JSON line on stdout,
 * and on failure saves a screenshot beside LSPILOT_E2E_SCREENSHOT and exits
 * with 1.
 */
export function drive(session: (page: Page) => Promise<unknown>): void {
	run(session).catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	});
}

async function run(session: (page: Page) => Promise<unknown>): Promise<void> {
	const context = await chromium.launchPersistentContext(env('LSPILOT_E2E_PROFILE'), {
		executablePath: process.env.LSPILOT_E2E_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: browserFlags,
		viewport: { width: 1100, height: 560 },
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		try {
			process.stdout.write(JSON.stringify(await session(page)) + '\n');
		} catch (error) {
			await page.screenshot({ path: env('LSPILOT_E2E_SCREENSHOT').replace(/\.png$/, '-failed.png') });
			throw error;
		}
	} finally {
		await context.close();
	}
}

/** until polls get until ok holds of its result, for ms, and returns that result. */
export async function until(get: () => Promise<string>, ok: (v: string) => boolean, what: string, ms = 30_000): Promise<string> {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await get();
		if (ok(v)) {
			return v;
		}
		if (Date.now() > deadline) {
			throw new Error(`no ${what}: still ${JSON.stringify(v)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** saved waits until file, as the host sees it, holds text: VS Code saves asynchronously. */
export async function saved(file: string, text: string, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (!readFileSync(file, 'utf8').includes(text)) {
		if (Date.now() > deadline) {
			throw new Error(`${file} does not hold ${JSON.stringify(text)} ${ms} ms after the save`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * openFile opens the workbench on LSPILOT_E2E_FOLDER, waits for lspilot's
 * status bar item to say ready, opens LSPILOT_E2E_FILE from the Explorer as
 * a user does and returns its editor, focused.
 */
export async function openFile(page: Page) {
	const folder = env('LSPILOT_E2E_FOLDER');
	await page.goto(`${env('LSPILOT_E2E_URL')}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
	await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
	const item = page.locator('.statusbar-item', { hasText: 'lspilot' });
	await item.waitFor({ timeout: 120_000 });
	await page.getByRole('treeitem', { name: env('LSPILOT_E2E_FILE') }).click({ timeout: 120_000 });
	const editor = page.locator('.editor-instance .monaco-editor').first();
	await editor.waitFor({ timeout: 30_000 });
	await editor.locator('.view-lines').click();
	await item.locator('.codicon-sparkle').waitFor({ timeout: 120_000 });
	return { editor, item };
}

/**
 * rendered returns the lines editor shows, top to bottom, as the user reads
 * them: text that decorations add before or after a range (CSS ::before and
 * ::after content) included, struck-through text between ~~ marks.
 */
export async function rendered(editor: Locator): Promise<string> {
	// Runs in the page; the DOM's types are not in this project's libraries.
	return editor.locator('.view-lines').evaluate((root: any) => {
		const style = (el: any, which?: string): any => (globalThis as any).getComputedStyle(el, which);
		const pseudo = (el: any, which: string): string => {
			const c: string = style(el, which).content;
			return c && c !== 'none' && c !== 'normal' ? (JSON.parse(c.replace(/^'|'$/g, '"')) as string) : '';
		};
		const walk = (node: any): string => {
			if (node.nodeType === 3) {
				return node.textContent ?? '';
			}
			if (node.nodeType !== 1) {
				return '';
			}
			let inner = Array.from(node.childNodes as any[], walk).join('');
			if (node.children.length === 0 && inner !== '' && String(style(node).textDecorationLine).includes('line-through')) {
				inner = `~~${inner}~~`;
			}
			return pseudo(node, '::before') + inner + pseudo(node, '::after');
		};
		return Array.from(root.querySelectorAll('.view-line') as any[])
			.map((line) => ({ top: parseFloat(line.style.top) || 0, text: walk(line) }))
			.sort((a, b) => a.top - b.top)
			.map((l) => l.text.replace(/\u00a0/g, ' '))
			.join('\n');
	});
}

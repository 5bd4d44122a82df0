// Drives VS Code (code-server in a browser) the way a user does: opens a Go
// file, types, waits for lspilot's ghost text, cycles through the
// alternatives, takes a screenshot, accepts the suggestion's first word
// with Ctrl+Right and the rest with Tab, saves, runs lspilot doctor from the
// status bar menu, runs an AI code action, and snoozes suggestions from the
// menu. Run by vscode_test.go, which starts
// code-server and a real model backend; it reports what it saw as one JSON
// line on stdout.
//
// Environment: LSPILOT_E2E_URL (code-server's address), LSPILOT_E2E_FOLDER
// (the workspace folder, inside code-server's machine), LSPILOT_E2E_FILE
// (the file to open, relative to the folder), LSPILOT_E2E_EXPECT (text the
// ghost text must start with), LSPILOT_E2E_SAVED (the file as the host sees
// it, to wait for the save), LSPILOT_E2E_SCREENSHOT (PNG to write),
// LSPILOT_E2E_PROFILE (a fresh browser profile directory).

import { Page } from 'playwright-core';

import { drive, env, saved, until } from './browser';


/** Seen is what the session saw. */
interface Seen {
	status: string;
	tooltip: string;
	ghost: string;
	/** The whole text of the first two alternatives shown. */
	alternatives: string[];
	accepted: string;
	/** The text that streamed beside the editor while a code action ran. */
	streamed: string;
	/** The status bar item after Snooze for 5 minutes from its menu. */
	snoozed: string;
	/** The output panel after Run lspilot doctor from the menu. */
	doctor: string;
}

async function session(page: Page): Promise<Seen> {
	const folder = env('LSPILOT_E2E_FOLDER');
	await page.goto(`${env('LSPILOT_E2E_URL')}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
	await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
	const item = page.locator('.statusbar-item', { hasText: 'lspilot' });
	await item.waitFor({ timeout: 120_000 });

	// Open the file from the Explorer, as a user does.
	await page.getByRole('treeitem', { name: env('LSPILOT_E2E_FILE') }).click({ timeout: 120_000 });
	const editor = page.locator('.editor-instance .monaco-editor').first();
	await editor.waitFor({ timeout: 30_000 });
	await editor.locator('.view-lines').click();
	await page.keyboard.press('Control+End');

	// Ready, with the model named on hover.
	await page.locator('.statusbar-item', { hasText: 'lspilot' }).locator('.codicon-sparkle').waitFor({ timeout: 120_000 });
	const tooltip = (await item.getAttribute('aria-label')) ?? '';

	await page.keyboard.press('Enter');
	const ghost = page.locator('.ghost-text-decoration').first();
	try {
		await ghost.waitFor({ timeout: 30_000 });
	} catch {
		await page.keyboard.press('Alt+Backslash'); // lspilot.showAlternatives: ask explicitly
		await ghost.waitFor({ timeout: 30_000 });
	}
	// The first line of the suggestion, one span per token, in the cursor's line.
	const ghostText = (await page.locator('.view-line .ghost-text-decoration').allTextContents()).join('').replace(/\u00a0/g, ' ');
	if (!ghostText.startsWith(env('LSPILOT_E2E_EXPECT').split('\n')[0])) {
		throw new Error(`ghost text ${JSON.stringify(ghostText)} does not start with the expected suggestion`);
	}
	// Alt+] shows the next alternative (the server answers an invoked request
	// with several), Alt+[ the one before: back to the first.
	const whole = async () => (await editor.locator('.ghost-text, .ghost-text-decoration').allTextContents()).join('').replace(/\u00a0/g, ' ');
	const first = await whole();
	await page.keyboard.press('Alt+BracketRight');
	const second = await until(whole, (t) => t !== '' && t !== first, 'another suggestion after Alt+]');
	await page.keyboard.press('Alt+BracketLeft');
	await until(whole, (t) => t === first, 'the first suggestion again after Alt+[');

	// The status bar's tooltip: state, backend, model and latency, refreshed
	// a few seconds after the last suggestion.
	const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Model:' }).first();
	await until(async () => {
		await page.mouse.move(600, 300);
		await item.hover();
		await hover.waitFor({ timeout: 10_000 });
		const text = await hover.innerText();
		await new Promise((resolve) => setTimeout(resolve, 500));
		return text;
	}, (t) => t.includes('Latency'), 'the latency in the tooltip');
	await page.screenshot({ path: env('LSPILOT_E2E_SCREENSHOT') });
	await page.mouse.move(600, 300);
	if (!(await ghost.isVisible())) {
		await page.keyboard.press('Alt+Backslash'); // the hover took it away: ask again
		await ghost.waitFor({ timeout: 30_000 });
	}

	// Ctrl+Right takes the suggestion's first word, Tab the rest.
	await page.keyboard.press('Control+ArrowRight');
	await until(async () => (await page.locator('.view-line').allInnerTexts()).join('\n'), (t) => /^func/m.test(t), 'the first word taken');
	await until(async () => String(await ghost.isVisible()), (v) => v === 'true', 'the rest of the suggestion');
	await page.keyboard.press('Tab');
	await ghost.waitFor({ state: 'detached', timeout: 10_000 });
	const accepted = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
	if (!accepted.includes(ghostText)) {
		throw new Error(`after Tab the editor holds ${JSON.stringify(accepted)}, without the suggestion`);
	}
	await page.keyboard.press('Control+S');
	await saved(env('LSPILOT_E2E_SAVED'), ghostText, 30_000);
	// The status bar menu: lspilot doctor, its output in the panel, while the
	// model is idle.
	await item.click();
	await page.locator('.quick-input-widget').getByText('Run lspilot doctor').click({ timeout: 30_000 });
	const panel = page.locator('.part.panel');
	const doctor = await until(
		async () => ((await panel.isVisible()) ? (await panel.innerText()).replace(/\u00a0/g, ' ') : ''),
		(t) => /\(exit (\d+|signal)\)/.test(t),
		'the doctor output',
		180_000, // the doctor streams a completion from the model
	);
	await editor.locator('.view-lines').click(); // back to the file
	const streamed = await streamedAction(page);

	// The status bar menu: snooze for 5 minutes.
	await item.click();
	await page.locator('.quick-input-widget').getByText('Snooze for 5 minutes').click({ timeout: 30_000 });
	const snoozed = await until(async () => (await item.textContent()) ?? '', (t) => /lspilot 5m/.test(t), 'the snoozed state');
	return {
		status: (await item.textContent()) ?? '', tooltip, ghost: ghostText, alternatives: [first, second], accepted,
		streamed, snoozed, doctor,
	};
}

/**
 * streamedAction runs the AI code action "Rewrite selection with AI" on the
 * whole file from the Ctrl+. menu and returns the text that streams into the
 * document beside the editor.
 */
async function streamedAction(page: Page): Promise<string> {
	const widget = page.locator('.action-widget');
	const action = widget.getByText('Rewrite selection with AI');
	// The menu lists what the servers answered when it opened; one that opened
	// before the selection reached the server lists less. Like a user, open it
	// again then.
	for (let attempt = 1; ; attempt++) {
		await page.keyboard.press('Control+A');
		await page.keyboard.press('Control+Period');
		try {
			await action.waitFor({ timeout: 10_000 });
			break;
		} catch (error) {
			const listed = (await widget.isVisible()) ? await widget.innerText() : '(no menu)';
			if (attempt === 3) {
				throw new Error(`no "Rewrite selection with AI" in the Ctrl+. menu after ${attempt} tries; it lists ${JSON.stringify(listed)}`, { cause: error });
			}
			process.stderr.write(`Ctrl+. menu without the rewrite action, try ${attempt}: ${JSON.stringify(listed)}\n`);
			await page.keyboard.press('Escape');
			await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
		}
	}
	await action.click({ timeout: 30_000 });
	const tab = page.locator('.tab', { hasText: 'Rewrite selection with AI' });
	await tab.waitFor({ timeout: 60_000 });
	const doc = page.locator('.editor-group-container.active .monaco-editor .view-lines, .editor-group-container .monaco-editor .view-lines').last();
	return until(async () => (await doc.innerText()).replace(/\u00a0/g, ' ').trim(), (t) => t.length > 0, 'streamed text');
}

drive(session);

// Drives VS Code (code-server in a browser) through a next-edit suggestion
// the way a user meets one: opens a Go file, renames a parameter in the
// signature, waits for the hint at the cursor and the edit drawn where the
// parameter is used, presses Tab to go there and Tab to take it, then
// dismisses the next edit that follows with Escape and saves. Run by
// nextedit_browser_test.go, which starts code-server and the scripted
// backend; it reports what it saw as one JSON line on stdout.
//
// Environment: LSPILOT_E2E_URL, LSPILOT_E2E_FOLDER, LSPILOT_E2E_FILE,
// LSPILOT_E2E_SAVED, LSPILOT_E2E_SCREENSHOT, LSPILOT_E2E_PROFILE, as for
// ghostText.ts.

import { Page } from 'playwright-core';

import { drive, env, openFile, rendered, saved, until } from './browser';

/** Seen is what the session saw. */
interface Seen {
	/** The editor's lines with the first edit and the hint drawn. */
	shown: string;
	/** The status bar's cursor position after the first Tab. */
	jumpedTo: string;
	/** The editor's lines once the edit is taken. */
	accepted: string;
	/** The editor's lines with the following edit drawn. */
	following: string;
	/** The editor's lines after Escape. */
	dismissed: string;
}

async function session(page: Page): Promise<Seen> {
	const { editor } = await openFile(page);
	const lines = () => rendered(editor);

	// Line 4 is `func Sum(xs []int) int {`: select xs and type values.
	await page.keyboard.press('Control+Home');
	for (let i = 0; i < 3; i++) {
		await page.keyboard.press('ArrowDown');
	}
	await page.keyboard.press('Home');
	for (let i = 0; i < 'func Sum('.length; i++) {
		await page.keyboard.press('ArrowRight');
	}
	await page.keyboard.press('Shift+ArrowRight');
	await page.keyboard.press('Shift+ArrowRight');
	await page.keyboard.type('values');

	// The hint at the cursor's line, and the edit drawn on line 6: the old
	// text struck through, the new text after it.
	const shown = await until(lines, (t) => t.includes('next edit at line 6') && t.includes('range ~~x~~value'), 'the next edit and its hint', 90_000);
	await page.screenshot({ path: env('LSPILOT_E2E_SCREENSHOT') });

	// Tab goes to the edit: the hint goes, the cursor is on line 6.
	await page.keyboard.press('Tab');
	const position = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
	const jumpedTo = await until(async () => (await position.textContent()) ?? '', (t) => /Ln 6,/.test(t), 'the cursor on line 6');
	await until(lines, (t) => !t.includes('next edit at line'), 'the hint gone after the jump');

	// Tab again takes it.
	await page.keyboard.press('Tab');
	const accepted = await until(lines, (t) => t.includes('for _, x := range values {'), 'the edit applied');

	// The next edit follows (return total * 2, an insertion); Escape dismisses it.
	const following = await until(lines, (t) => t.includes('return total * 2'), 'the following edit', 90_000);
	await page.keyboard.press('Escape');
	const dismissed = await until(lines, (t) => !t.includes('* 2'), 'the following edit dismissed');

	await page.keyboard.press('Control+S');
	await saved(env('LSPILOT_E2E_SAVED'), 'range values {', 30_000);
	return { shown, jumpedTo, accepted, following, dismissed };
}

drive(session);

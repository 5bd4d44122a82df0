// Unit tests of the next-edit controller: which answers are shown, what
// clears them, what Tab and Escape do, over a recording host.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { Command, Position, Range } from 'vscode-languageserver-protocol';

import {
	MaxInline,
	NextEditCommandIds,
	NextEditController,
	NextEditHost,
	NextEditShownKey,
	NextEditView,
	endOf,
	hintText,
	hoverText,
	oneLine,
} from '../src/nextEditModel';
import { CopilotInlineEdit, CopilotInlineEditParams, CopilotInlineEditResult, NextEditCommands } from '../src/protocol';

const uri = 'file:///ws/calc/sum.go';
const other = 'file:///ws/calc/other.go';
const lines = [
	'package calc',
	'',
	'func Sum(values []int) int {',
	'\ttotal := 0',
	'\tfor _, x := range xs {',
	'\t\ttotal += x',
	'\t}',
	'\treturn total',
	'}',
];
const at = (line: number, character: number): Position => ({ line, character });
const span = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: at(l1, c1), end: at(l2, c2) });
const accept = (id: string): Command => ({ title: 'Accept next edit', command: NextEditCommands.accept, arguments: [id] });

/** rename is the edit of xs on line 4 to values, for version. */
function rename(version: number, id = 'ne-1'): CopilotInlineEdit {
	return { range: span(4, 19, 4, 21), text: 'values', textDocument: { uri, version }, command: accept(id) };
}

/** FakeHost records what the controller does and answers as a test says. */
class FakeHost implements NextEditHost {
	versions = new Map<string, number>([[uri, 3], [other, 1]]);
	cursorAt: { uri: string; position: Position } | undefined = { uri, position: at(2, 15) };
	requests: CopilotInlineEditParams[] = [];
	/** answer resolves the latest request. */
	answer: (r: CopilotInlineEditResult) => void = () => assert.fail('no request is open');
	fail: (e: unknown) => void = () => assert.fail('no request is open');
	signals: AbortSignal[] = [];
	views: (NextEditView | undefined)[] = [];
	shown: boolean[] = [];
	log: string[] = [];
	applyResult = true;
	timers: { fn: () => void; cancelled: boolean; ms: number }[] = [];

	request(params: CopilotInlineEditParams, signal: AbortSignal): Promise<CopilotInlineEditResult> {
		this.requests.push(params);
		this.signals.push(signal);
		return new Promise((resolve, reject) => {
			this.answer = resolve;
			this.fail = reject;
		});
	}
	version(u: string): number | undefined {
		return this.versions.get(u);
	}
	line(u: string, n: number): string {
		assert.equal(u, uri);
		return lines[n] ?? '';
	}
	cursor() {
		return this.cursorAt;
	}
	render(view: NextEditView | undefined): void {
		this.views.push(view);
	}
	setShown(shown: boolean): void {
		this.shown.push(shown);
	}
	didShow(command: Command): void {
		this.log.push(`didShow ${command.command} ${JSON.stringify(command.arguments)}`);
	}
	async apply(u: string, version: number, range: Range, text: string): Promise<boolean> {
		this.log.push(`apply ${u}@${version} ${JSON.stringify(range)} ${JSON.stringify(text)}`);
		return this.applyResult;
	}
	async execute(command: Command): Promise<void> {
		this.log.push(`execute ${command.command} ${JSON.stringify(command.arguments)}`);
	}
	moveCursor(position: Position): void {
		this.log.push(`moveCursor ${position.line}:${position.character}`);
		if (this.cursorAt) {
			this.cursorAt = { ...this.cursorAt, position };
		}
	}
	schedule(fn: () => void, ms: number): () => void {
		const timer = { fn, cancelled: false, ms };
		this.timers.push(timer);
		return () => (timer.cancelled = true);
	}
	warn(message: string): void {
		this.log.push(`warn ${message}`);
	}

	/** fire runs the timers due and not cancelled, as the debounce ends. */
	fire(): void {
		const due = this.timers.filter((t) => !t.cancelled);
		this.timers = [];
		for (const t of due) {
			t.fn();
		}
	}

	get last(): NextEditView | undefined {
		return this.views[this.views.length - 1];
	}
}

/** settle lets the controller's awaits run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** shownEdit returns a controller showing rename(3). */
async function shownEdit(host: FakeHost): Promise<NextEditController> {
	const c = new NextEditController(host);
	c.changed(uri);
	host.fire();
	host.answer({ edits: [rename(3)] });
	await settle();
	assert.deepEqual(c.edit, rename(3));
	return c;
}

test('a change is debounced into one request with the version and the cursor', () => {
	const host = new FakeHost();
	const c = new NextEditController(host, 40);
	c.changed(uri);
	c.changed(uri);
	assert.equal(host.requests.length, 0, 'nothing asked before the document rests');
	assert.deepEqual(host.timers.map((t) => [t.ms, t.cancelled]), [[40, true], [40, false]]);
	host.fire();
	assert.deepEqual(host.requests, [{ textDocument: { uri, version: 3 }, position: at(2, 15) }]);
});

test('only an answer for the version still held is shown', async () => {
	const tests: {
		name: string;
		answer: CopilotInlineEdit[];
		/** meanwhile runs while the request is out. */
		meanwhile?: (host: FakeHost) => void;
		want: boolean;
	}[] = [
		{ name: 'the version asked for', answer: [rename(3)], want: true },
		{ name: 'an answer for another version', answer: [rename(2)], want: false },
		{ name: 'no edit', answer: [], want: false },
		{ name: 'another document', answer: [{ ...rename(3), textDocument: { uri: other, version: 3 } }], want: false },
		{ name: 'the document changed meanwhile', answer: [rename(3)], meanwhile: (h) => h.versions.set(uri, 4), want: false },
		{ name: 'the document closed meanwhile', answer: [rename(3)], meanwhile: (h) => h.versions.delete(uri), want: false },
		{ name: 'another editor active meanwhile', answer: [rename(3)], meanwhile: (h) => (h.cursorAt = { uri: other, position: at(0, 0) }), want: false },
	];
	for (const tt of tests) {
		const host = new FakeHost();
		const c = new NextEditController(host);
		c.changed(uri);
		host.fire();
		tt.meanwhile?.(host);
		host.answer({ edits: tt.answer });
		await settle();
		assert.equal(c.edit !== undefined, tt.want, tt.name);
		assert.deepEqual(host.shown, tt.want ? [true] : [], tt.name);
		assert.deepEqual(host.log, tt.want ? [`didShow ${NextEditCommands.accept} ["ne-1"]`] : [], tt.name);
	}
});

test('a shown edit is drawn with the hint at the cursor when it is elsewhere', async () => {
	const host = new FakeHost();
	const c = await shownEdit(host);
	assert.deepEqual(host.last, {
		uri,
		removed: span(4, 19, 4, 21),
		inserted: { at: at(4, 21), text: 'values' },
		lines: span(4, 0, 4, lines[4].length),
		hover: hoverText([lines[4]], span(4, 19, 4, 21), 'values'),
		hint: { line: 2, text: hintText(4) },
	});
	host.cursorAt = { uri, position: at(4, 3) };
	c.cursorMoved();
	assert.equal(host.last?.hint, undefined, 'no hint with the cursor on the edit');
	host.cursorAt = { uri, position: at(8, 0) };
	c.cursorMoved();
	assert.deepEqual(host.last?.hint, { line: 8, text: '⇥ Tab: next edit at line 5' });
});

test('changes, closing, another editor and turning off clear the edit', async () => {
	const tests: { name: string; act: (c: NextEditController, h: FakeHost) => void; cleared: boolean; asks: boolean }[] = [
		{ name: 'a change of the document', act: (c) => c.changed(uri), cleared: true, asks: true },
		{ name: 'a change where suggestions are off', act: (c) => c.changed(uri, false), cleared: true, asks: false },
		{ name: 'a change of another document', act: (c) => c.changed(other), cleared: false, asks: true },
		{ name: 'the document closed', act: (c) => c.closed(uri), cleared: true, asks: false },
		{
			name: 'another editor active',
			act: (c, h) => {
				h.cursorAt = { uri: other, position: at(0, 0) };
				c.activeChanged();
			},
			cleared: true,
			asks: false,
		},
		{ name: 'the same editor active again', act: (c) => c.activeChanged(), cleared: false, asks: false },
		{ name: 'turned off', act: (c) => (c.enabled = false), cleared: true, asks: false },
		{ name: 'the server stopped', act: (c) => c.stop(), cleared: true, asks: false },
	];
	for (const tt of tests) {
		const host = new FakeHost();
		const c = await shownEdit(host);
		tt.act(c, host);
		assert.equal(c.edit === undefined, tt.cleared, tt.name);
		assert.deepEqual(host.shown, tt.cleared ? [true, false] : [true], tt.name);
		if (tt.cleared) {
			assert.equal(host.last, undefined, `${tt.name}: drawing cleared`);
		}
		assert.equal(host.timers.some((t) => !t.cancelled), tt.asks, `${tt.name}: a request due`);
	}
});

test('a change aborts the request in flight and its answer is dropped', async () => {
	const host = new FakeHost();
	const c = new NextEditController(host);
	c.changed(uri);
	host.fire();
	const answerFirst = host.answer;
	c.changed(uri);
	assert.equal(host.signals[0].aborted, true);
	answerFirst({ edits: [rename(3)] });
	await settle();
	assert.equal(c.edit, undefined);
	host.versions.set(uri, 4);
	host.fire();
	assert.deepEqual(host.requests[1].textDocument, { uri, version: 4 });
	host.fail(new Error('server gone'));
	await settle();
	assert.deepEqual(host.log, ['warn next edit request failed']);
});

test('turned off, nothing is asked', () => {
	const host = new FakeHost();
	const c = new NextEditController(host);
	c.enabled = false;
	c.changed(uri);
	host.fire();
	assert.equal(host.timers.length, 0);
	assert.equal(host.requests.length, 0);
});

test('Tab jumps to an edit elsewhere, then applies it and runs its command', async () => {
	const host = new FakeHost();
	const c = await shownEdit(host);
	host.log = [];
	assert.equal(await c.jumpOrAccept(), 'jumped');
	assert.deepEqual(host.log, ['moveCursor 4:19']);
	assert.ok(c.edit, 'still shown after the jump');
	assert.equal(host.last?.hint, undefined, 'no hint once there');

	host.log = [];
	assert.equal(await c.jumpOrAccept(), 'accepted');
	assert.deepEqual(host.log, [
		`apply ${uri}@3 ${JSON.stringify(span(4, 19, 4, 21))} "values"`,
		'moveCursor 4:25',
		`execute ${NextEditCommands.accept} ["ne-1"]`,
	]);
	assert.equal(c.edit, undefined);
	assert.deepEqual(host.shown, [true, false]);
});

test('Tab on the edit accepts at once; a failed or stale apply runs no command', async () => {
	const tests: { name: string; prepare: (h: FakeHost) => void; want: string; log: string[] }[] = [
		{
			name: 'cursor on the edit line',
			prepare: (h) => (h.cursorAt = { uri, position: at(4, 0) }),
			want: 'accepted',
			log: [`apply ${uri}@3 ${JSON.stringify(span(4, 19, 4, 21))} "values"`, 'moveCursor 4:25', `execute ${NextEditCommands.accept} ["ne-1"]`],
		},
		{
			name: 'the editor refused the edit',
			prepare: (h) => {
				h.cursorAt = { uri, position: at(4, 0) };
				h.applyResult = false;
			},
			want: 'none',
			log: [`apply ${uri}@3 ${JSON.stringify(span(4, 19, 4, 21))} "values"`],
		},
		{
			name: 'the document moved on',
			prepare: (h) => {
				h.cursorAt = { uri, position: at(4, 0) };
				h.versions.set(uri, 5);
			},
			want: 'none',
			log: [],
		},
		{ name: 'cursor in another document', prepare: (h) => (h.cursorAt = { uri: other, position: at(4, 0) }), want: 'none', log: [] },
	];
	for (const tt of tests) {
		const host = new FakeHost();
		const c = await shownEdit(host);
		host.log = [];
		tt.prepare(host);
		assert.equal(await c.jumpOrAccept(), tt.want, tt.name);
		assert.deepEqual(host.log, tt.log, tt.name);
	}
	const idle = new NextEditController(new FakeHost());
	assert.equal(await idle.jumpOrAccept(), 'none', 'nothing shown');
});

test('Escape dismisses the edit and sends the reject command with its id', async () => {
	const host = new FakeHost();
	const c = await shownEdit(host);
	host.log = [];
	assert.equal(await c.dismiss(), true);
	assert.deepEqual(host.log, [`execute ${NextEditCommands.reject} ["ne-1"]`]);
	assert.equal(c.edit, undefined);
	assert.equal(host.last, undefined);
	assert.deepEqual(host.shown, [true, false]);
	assert.equal(await c.dismiss(), false, 'nothing left to dismiss');
});

test('a multi-line edit is shown on one line and in full on hover', () => {
	assert.equal(oneLine('values'), 'values');
	assert.equal(oneLine('if x {\n\t\treturn\n\t}'), 'if x { ↵ return ↵ }');
	const long = Array.from({ length: 12 }, (_, i) => `\tline ${i} of the new text`).join('\n');
	const shown = oneLine(long);
	assert.ok(shown.startsWith('  line 0 of the new text ↵ line 1'), shown);
	assert.ok(shown.endsWith('… (12 lines, hover to see all)'), shown);
	assert.equal(shown.indexOf('…'), MaxInline - 1);
	assert.equal(
		hoverText(['\tfor _, x := range xs {'], span(0, 19, 0, 21), 'values'),
		'**Next edit**: Tab takes it, Escape dismisses it.\n\n```diff\n- \tfor _, x := range xs {\n+ \tfor _, x := range values {\n```\n',
	);
	assert.equal(
		hoverText(['a', 'b'], span(0, 1, 1, 0), '\n```\n'),
		'**Next edit**: Tab takes it, Escape dismisses it.\n\n````diff\n- a\n- b\n+ a\n+ ```\n+ b\n````\n',
		'a fence longer than any backtick run of the edit',
	);
	assert.deepEqual(endOf(at(3, 4), 'ab'), at(3, 6));
	assert.deepEqual(endOf(at(3, 4), 'ab\ncde\n'), at(5, 0));
	assert.deepEqual(endOf(at(3, 4), 'ab\ncde'), at(4, 3));
});

test('Tab and Escape are bound only while an edit is shown and no ghost text or suggest widget is', () => {
	const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
		contributes: { commands: { command: string }[]; keybindings: { command: string; key: string; when: string }[] };
	};
	const tests = [
		{ command: NextEditCommandIds.jumpOrAccept, key: 'tab' },
		{ command: NextEditCommandIds.dismiss, key: 'escape' },
	];
	for (const tt of tests) {
		assert.ok(pkg.contributes.commands.some((c) => c.command === tt.command), `${tt.command} is not declared`);
		const bindings = pkg.contributes.keybindings.filter((k) => k.command === tt.command);
		assert.equal(bindings.length, 1, tt.command);
		const [b] = bindings;
		assert.equal(b.key, tt.key, tt.command);
		const when = b.when.split('&&').map((c) => c.trim());
		for (const c of [NextEditShownKey, 'editorTextFocus', '!inlineSuggestionVisible', '!suggestWidgetVisible']) {
			assert.ok(when.includes(c), `${tt.command}: "${b.when}" lacks ${c}`);
		}
	}
});

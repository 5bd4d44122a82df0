// Next-edit suggestions without the editor: when to ask the server, which
// answers to keep, what to draw, and what Tab and Escape do. The editor side
// (nextEdit.ts) draws and applies through a NextEditHost. This module must
// not import 'vscode': the tests load it in plain Node.

import { Command, Position, Range } from 'vscode-languageserver-protocol';

import { CopilotInlineEdit, CopilotInlineEditParams, CopilotInlineEditResult, NextEditCommands } from './protocol';

/** NextEditShownKey is the context key that is true while an edit is shown in the active editor. */
export const NextEditShownKey = 'lspilot.nextEditShown';

/** NextEditCommandIds are the extension's commands bound to Tab and Escape (package.json). */
export const NextEditCommandIds = {
	jumpOrAccept: 'lspilot.nextEdit.jumpOrAccept',
	dismiss: 'lspilot.nextEdit.dismiss',
} as const;

/** DebounceMs is how long the document must rest after a change before the server is asked. */
export const DebounceMs = 250;

/** Cursor is where the active editor's cursor stands. */
export interface Cursor {
	uri: string;
	position: Position;
}

/** NextEditView is what the editor draws for a shown edit. */
export interface NextEditView {
	uri: string;
	/** The text the edit replaces; none for an insertion. */
	removed: Range | undefined;
	/** Where the new text is shown (the end of the replaced range) and how, on one line. */
	inserted: { at: Position; text: string } | undefined;
	/** The lines the edit touches, from the first to the last, where the full edit shows on hover. */
	lines: Range;
	/** The edit in full, as Markdown, for the hover. */
	hover: string;
	/** The hint at the cursor's line when the edit is elsewhere. */
	hint: { line: number; text: string } | undefined;
}

/** NextEditHost is what the controller needs of the editor and the server. */
export interface NextEditHost {
	/** request asks the server for the next edit; signal aborts it. */
	request(params: CopilotInlineEditParams, signal: AbortSignal): Promise<CopilotInlineEditResult>;
	/** version is the document's current version; undefined once closed. */
	version(uri: string): number | undefined;
	/** line is the text of line n of the document, without its line break. */
	line(uri: string, n: number): string;
	/** cursor is the active editor's cursor; undefined when no editor is active. */
	cursor(): Cursor | undefined;
	/** render draws view, or clears the drawing when undefined. */
	render(view: NextEditView | undefined): void;
	/** setShown sets the context key that enables Tab and Escape. */
	setShown(shown: boolean): void;
	/** didShow tells the server the edit carrying command is on screen. */
	didShow(command: Command): void;
	/** apply replaces range of the document at version by text; false when it could not. */
	apply(uri: string, version: number, range: Range, text: string): Promise<boolean>;
	/** execute runs a server command (workspace/executeCommand). */
	execute(command: Command): Promise<void>;
	/** moveCursor puts the cursor of the active editor at position and reveals it. */
	moveCursor(position: Position): void;
	/** schedule runs fn after ms and returns what cancels it. */
	schedule(fn: () => void, ms: number): () => void;
	/** warn logs a failure. */
	warn(message: string, error: unknown): void;
}

/**
 * NextEditController asks the server for the next edit a moment after the
 * user stops changing a document, shows the answer when it is for the
 * version the editor still holds, and takes it (Tab: jump to it, then apply
 * it) or dismisses it (Escape). Any change of the document clears it.
 */
export class NextEditController {
	private shown: CopilotInlineEdit | undefined;
	private pending: { uri: string; cancel: () => void } | undefined;
	private inFlight: AbortController | undefined;
	/** enabled is false when the user turned next edits off: nothing is asked or shown. */
	private on = true;

	constructor(
		private readonly host: NextEditHost,
		private readonly debounceMs = DebounceMs,
	) {}

	/** edit is the edit on screen, if any. */
	get edit(): CopilotInlineEdit | undefined {
		return this.shown;
	}

	/** enabled turns next edits on or off; off clears the one shown and asks nothing more. */
	set enabled(on: boolean) {
		this.on = on;
		if (!on) {
			this.stop();
		}
	}

	get enabled(): boolean {
		return this.on;
	}

	/**
	 * changed is told that document uri changed: its edit goes, and when ask
	 * holds (lspilot serves the document and suggestions are on for its
	 * language) a request is due.
	 */
	changed(uri: string, ask = true): void {
		this.cancel();
		if (this.shown?.textDocument.uri === uri) {
			this.clear();
		}
		if (!this.on || !ask) {
			return;
		}
		const cancel = this.host.schedule(() => {
			this.pending = undefined;
			void this.ask(uri);
		}, this.debounceMs);
		this.pending = { uri, cancel };
	}

	/** closed is told that document uri closed. */
	closed(uri: string): void {
		if (this.pending?.uri === uri) {
			this.cancel();
		}
		if (this.shown?.textDocument.uri === uri) {
			this.clear();
		}
	}

	/** activeChanged is told that another editor is active: an edit of another document goes. */
	activeChanged(): void {
		const cursor = this.host.cursor();
		if (this.shown && cursor?.uri !== this.shown.textDocument.uri) {
			this.clear();
		}
	}

	/** cursorMoved is told that the cursor moved: the hint follows it. */
	cursorMoved(): void {
		if (this.shown) {
			this.host.render(this.view(this.shown));
		}
	}

	/** stop forgets the request due and the edit shown, as when the server stops. */
	stop(): void {
		this.cancel();
		this.clear();
	}

	/** ask sends the request for uri at its current version and shows the answer if it still applies. */
	async ask(uri: string): Promise<void> {
		const cursor = this.host.cursor();
		const version = this.host.version(uri);
		if (!this.on || !cursor || cursor.uri !== uri || version === undefined) {
			return;
		}
		this.inFlight?.abort();
		const abort = new AbortController();
		this.inFlight = abort;
		let result: CopilotInlineEditResult;
		try {
			result = await this.host.request({ textDocument: { uri, version }, position: cursor.position }, abort.signal);
		} catch (error) {
			if (!abort.signal.aborted) {
				this.host.warn('next edit request failed', error);
			}
			return;
		} finally {
			if (this.inFlight === abort) {
				this.inFlight = undefined;
			}
		}
		const edit = result?.edits?.[0];
		if (abort.signal.aborted || !edit || !this.on) {
			return;
		}
		// An answer for another version, or a document changed meanwhile, is dropped.
		if (edit.textDocument.uri !== uri || edit.textDocument.version !== version || this.host.version(uri) !== version) {
			return;
		}
		if (this.host.cursor()?.uri !== uri) {
			return;
		}
		this.show(edit);
	}

	/** show puts edit on screen and tells the server, once. */
	private show(edit: CopilotInlineEdit): void {
		this.shown = edit;
		this.host.render(this.view(edit));
		this.host.setShown(true);
		if (edit.command) {
			this.host.didShow(edit.command);
		}
	}

	/** clear takes the edit off screen, telling the server nothing. */
	private clear(): void {
		if (!this.shown) {
			return;
		}
		this.shown = undefined;
		this.host.render(undefined);
		this.host.setShown(false);
	}

	private cancel(): void {
		this.pending?.cancel();
		this.pending = undefined;
		this.inFlight?.abort();
		this.inFlight = undefined;
	}

	/**
	 * jumpOrAccept is Tab: with the cursor on none of the edit's lines it
	 * moves the cursor to the edit; on them it applies the edit, puts the
	 * cursor after the new text and runs the edit's command. It returns what
	 * it did.
	 */
	async jumpOrAccept(): Promise<'jumped' | 'accepted' | 'none'> {
		const edit = this.shown;
		const cursor = this.host.cursor();
		if (!edit || cursor?.uri !== edit.textDocument.uri) {
			return 'none';
		}
		if (away(cursor.position, edit.range)) {
			this.host.moveCursor(edit.range.start);
			this.host.render(this.view(edit));
			return 'jumped';
		}
		const { uri, version } = edit.textDocument;
		if (this.host.version(uri) !== version) {
			this.clear();
			return 'none';
		}
		this.clear();
		if (!(await this.host.apply(uri, version, edit.range, edit.text))) {
			return 'none';
		}
		this.host.moveCursor(endOf(edit.range.start, edit.text));
		if (edit.command) {
			await this.run(edit.command);
		}
		return 'accepted';
	}

	/** dismiss is Escape: the edit goes and the server is told it was rejected. */
	async dismiss(): Promise<boolean> {
		const edit = this.shown;
		if (!edit) {
			return false;
		}
		this.clear();
		const id = edit.command?.arguments?.[0];
		if (id !== undefined) {
			await this.run({ title: 'Reject next edit', command: NextEditCommands.reject, arguments: [id] });
		}
		return true;
	}

	private async run(command: Command): Promise<void> {
		try {
			await this.host.execute(command);
		} catch (error) {
			this.host.warn(`${command.command} failed`, error);
		}
	}

	/** view is what to draw for edit with the cursor where it stands now. */
	private view(edit: CopilotInlineEdit): NextEditView {
		const cursor = this.host.cursor();
		const { uri } = edit.textDocument;
		const old: string[] = [];
		for (let n = edit.range.start.line; n <= edit.range.end.line; n++) {
			old.push(this.host.line(uri, n));
		}
		const hint = cursor && cursor.uri === uri && away(cursor.position, edit.range)
			? { line: cursor.position.line, text: hintText(edit.range.start.line) }
			: undefined;
		return {
			uri,
			removed: isEmpty(edit.range) ? undefined : edit.range,
			inserted: edit.text === '' ? undefined : { at: edit.range.end, text: oneLine(edit.text) },
			lines: { start: { line: edit.range.start.line, character: 0 }, end: { line: edit.range.end.line, character: old[old.length - 1].length } },
			hover: hoverText(old, edit.range, edit.text),
			hint,
		};
	}
}

/** away reports whether position is on none of range's lines. */
export function away(position: Position, range: Range): boolean {
	return position.line < range.start.line || position.line > range.end.line;
}

/** endOf is where text ends when put at start. */
export function endOf(start: Position, text: string): Position {
	const lines = text.split('\n');
	if (lines.length === 1) {
		return { line: start.line, character: start.character + text.length };
	}
	return { line: start.line + lines.length - 1, character: lines[lines.length - 1].length };
}

function isEmpty(r: Range): boolean {
	return r.start.line === r.end.line && r.start.character === r.end.character;
}

/** hintText is the hint at the cursor's line; line counts from 0, as in LSP. */
export function hintText(line: number): string {
	return `⇥ Tab: next edit at line ${line + 1}`;
}

/** MaxInline is the most characters of new text shown inline. */
export const MaxInline = 80;

/**
 * oneLine is text as shown after the replaced range: line breaks as ↵,
 * indentation of continuation lines dropped, cut at MaxInline with the
 * count of lines left out.
 */
export function oneLine(text: string): string {
	const lines = text.split('\n');
	const shown = lines.map((l, i) => (i === 0 ? l : l.trimStart())).join(' ↵ ').replace(/\t/g, '  ');
	if (shown.length <= MaxInline) {
		return shown;
	}
	const cut = shown.slice(0, MaxInline - 1) + '…';
	return lines.length > 1 ? `${cut} (${lines.length} lines, hover to see all)` : cut;
}

/**
 * hoverText is the edit in full as a Markdown diff of whole lines: old, the
 * lines range touches, then those lines with range replaced by text.
 */
export function hoverText(old: string[], range: Range, text: string): string {
	const prefix = old[0].slice(0, range.start.character);
	const suffix = old[old.length - 1].slice(range.end.character);
	const added = (prefix + text + suffix).split('\n');
	const body = [...old.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)].join('\n');
	const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
	const fence = '`'.repeat(longest + 1);
	return `**Next edit**: Tab takes it, Escape dismisses it.\n\n${fence}diff\n${body}\n${fence}\n`;
}

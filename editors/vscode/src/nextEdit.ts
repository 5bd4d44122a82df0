// Next-edit suggestions in the editor, with VS Code's stable API: the text
// an edit replaces struck through on a red background, its new text after it
// on a green one (on one line; the whole edit in the hover), a hint at the
// cursor's line when the edit is elsewhere, and Tab and Escape bound while
// an edit is shown. NextEditController (nextEditModel.ts) decides; this
// module draws, applies and talks to the server.

import * as vscode from 'vscode';
import { BaseLanguageClient, Command, ExecuteCommandRequest } from 'vscode-languageclient';

import { documentSelector } from './client';
import { NextEditCommandIds, NextEditController, NextEditHost, NextEditShownKey, NextEditView } from './nextEditModel';
import { CopilotInlineEditParams, CopilotInlineEditRequest, CopilotInlineEditResult, DidShowInlineEditNotification } from './protocol';
import { Gate } from './settings';

/** NextEditFeature follows the documents, draws the edits and registers the commands. */
export class NextEditFeature implements vscode.Disposable {
	readonly controller: NextEditController;
	private readonly removed = vscode.window.createTextEditorDecorationType({
		backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
		textDecoration: 'line-through',
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Right,
		rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
	});
	private readonly inserted = vscode.window.createTextEditorDecorationType({
		after: {
			backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
			color: new vscode.ThemeColor('editor.foreground'),
			margin: '0 0 0 0.2em',
		},
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Right,
		rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
	});
	/** lines carries the hover with the whole edit, over the lines it touches. */
	private readonly lines = vscode.window.createTextEditorDecorationType({});
	private readonly hint = vscode.window.createTextEditorDecorationType({
		after: {
			color: new vscode.ThemeColor('editorGhostText.foreground'),
			fontStyle: 'italic',
			margin: '0 0 0 2em',
		},
	});
	private drawnIn: vscode.TextEditor | undefined;
	private readonly disposables: vscode.Disposable[];

	constructor(
		private readonly client: () => BaseLanguageClient | undefined,
		private readonly gate: Gate,
		private readonly output: vscode.LogOutputChannel,
		enabled: boolean,
	) {
		this.controller = new NextEditController(this.host());
		this.controller.enabled = enabled;
		this.disposables = [
			vscode.workspace.onDidChangeTextDocument((e) => {
				if (e.contentChanges.length > 0) {
					this.controller.changed(e.document.uri.toString(), this.serves(e.document));
				}
			}),
			vscode.workspace.onDidCloseTextDocument((doc) => this.controller.closed(doc.uri.toString())),
			vscode.window.onDidChangeActiveTextEditor(() => this.controller.activeChanged()),
			vscode.window.onDidChangeTextEditorSelection((e) => {
				if (e.textEditor === vscode.window.activeTextEditor) {
					this.controller.cursorMoved();
				}
			}),
			vscode.commands.registerCommand(NextEditCommandIds.jumpOrAccept, () => this.controller.jumpOrAccept()),
			vscode.commands.registerCommand(NextEditCommandIds.dismiss, () => this.controller.dismiss()),
		];
	}

	/** serves reports whether next edits are asked for in doc: a document lspilot serves, in a language where suggestions are on. */
	private serves(doc: vscode.TextDocument): boolean {
		return Boolean(this.client()?.isRunning()) && vscode.languages.match(documentSelector, doc) > 0 &&
			this.gate.open(doc.languageId, Date.now());
	}

	private document(uri: string): vscode.TextDocument | undefined {
		return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === uri);
	}

	private running(): BaseLanguageClient {
		const client = this.client();
		if (!client?.isRunning()) {
			throw new Error('lspilot is not running');
		}
		return client;
	}

	private host(): NextEditHost {
		return {
			request: (params, signal) => this.request(params, signal),
			version: (uri) => this.document(uri)?.version,
			line: (uri, n) => {
				const doc = this.document(uri);
				return doc && n < doc.lineCount ? doc.lineAt(n).text : '';
			},
			cursor: () => {
				const editor = vscode.window.activeTextEditor;
				const p = editor?.selection.active;
				return editor && p ? { uri: editor.document.uri.toString(), position: { line: p.line, character: p.character } } : undefined;
			},
			render: (view) => this.render(view),
			setShown: (shown) => void vscode.commands.executeCommand('setContext', NextEditShownKey, shown),
			didShow: (command) => {
				const client = this.client();
				if (client?.isRunning()) {
					client.sendNotification(DidShowInlineEditNotification.type, { item: { command } })
						.catch((error: unknown) => this.output.warn(`didShowInlineEdit not sent: ${String(error)}`));
				}
			},
			apply: async (uri, version, range, text) => {
				const doc = this.document(uri);
				if (!doc || doc.version !== version) {
					return false;
				}
				const edit = new vscode.WorkspaceEdit();
				edit.replace(doc.uri, toRange(range), text);
				return vscode.workspace.applyEdit(edit);
			},
			execute: async (command: Command) => {
				await this.running().sendRequest(ExecuteCommandRequest.type, {
					command: command.command,
					arguments: command.arguments ?? [],
				});
			},
			moveCursor: (position) => {
				const editor = vscode.window.activeTextEditor;
				if (editor) {
					const p = new vscode.Position(position.line, position.character);
					editor.selection = new vscode.Selection(p, p);
					editor.revealRange(new vscode.Range(p, p), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
				}
			},
			schedule: (fn, ms) => {
				const timer = setTimeout(fn, ms);
				return () => clearTimeout(timer);
			},
			warn: (message, error) => this.output.warn(`${message}: ${String(error)}`),
		};
	}

	private async request(params: CopilotInlineEditParams, signal: AbortSignal): Promise<CopilotInlineEditResult> {
		const source = new vscode.CancellationTokenSource();
		const abort = () => source.cancel();
		signal.addEventListener('abort', abort);
		try {
			return await this.running().sendRequest(CopilotInlineEditRequest.type, params, source.token);
		} finally {
			signal.removeEventListener('abort', abort);
			source.dispose();
		}
	}

	/** render draws view in the active editor, or clears what was drawn. */
	private render(view: NextEditView | undefined): void {
		const editor = vscode.window.activeTextEditor;
		const target = view && editor?.document.uri.toString() === view.uri ? editor : undefined;
		if (this.drawnIn && this.drawnIn !== target) {
			for (const type of [this.removed, this.inserted, this.lines, this.hint]) {
				this.drawnIn.setDecorations(type, []);
			}
		}
		this.drawnIn = target;
		if (!target || !view) {
			return;
		}
		const hover = new vscode.MarkdownString(view.hover);
		target.setDecorations(this.removed, view.removed ? [{ range: toRange(view.removed) }] : []);
		target.setDecorations(this.inserted, view.inserted ? [{
			range: toRange({ start: view.inserted.at, end: view.inserted.at }),
			renderOptions: { after: { contentText: view.inserted.text } },
		}] : []);
		target.setDecorations(this.lines, [{ range: toRange(view.lines), hoverMessage: hover }]);
		target.setDecorations(this.hint, view.hint ? [{
			// At the line's end: the editor clamps the column to it.
			range: new vscode.Range(view.hint.line, Number.MAX_SAFE_INTEGER, view.hint.line, Number.MAX_SAFE_INTEGER),
			renderOptions: { after: { contentText: view.hint.text } },
		}] : []);
	}

	dispose(): void {
		this.controller.stop();
		for (const d of this.disposables) {
			d.dispose();
		}
		for (const type of [this.removed, this.inserted, this.lines, this.hint]) {
			type.dispose();
		}
	}
}

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
	return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

// Inline completion (LSP 3.18) with the notifications lspilot wants: which
// suggestions were shown and how much of one was accepted. It replaces the
// language client's built-in feature, whose provider cannot report either.

import * as vscode from 'vscode';
import {
	BaseLanguageClient,
	ClientCapabilities,
	Command,
	DocumentSelector,
	ExecuteCommandRequest,
	FeatureState,
	InlineCompletionItem,
	InlineCompletionRequest,
	ServerCapabilities,
	StaticFeature,
	ensure,
} from 'vscode-languageclient';

import { Pending } from './partialAccept';
import {
	DidPartiallyAcceptCompletionNotification,
	DidShowCompletionNotification,
	PartialAccepts,
} from './protocol';
import { Gate } from './settings';

/**
 * RunServerCommand is the extension's internal command that an accepted
 * suggestion runs: it sends the server's own command (lspilot.acceptCompletion)
 * back through workspace/executeCommand, whether or not the server lists it.
 */
export const RunServerCommand = 'lspilot.internal.runServerCommand';

/** InlineCompletionFeature registers lspilot's inline completion provider. */
export class InlineCompletionFeature implements StaticFeature {
	private registration: vscode.Disposable | undefined;

	constructor(
		private readonly client: BaseLanguageClient,
		private readonly gate: Gate,
	) {}

	fillClientCapabilities(capabilities: ClientCapabilities): void {
		// Registered statically from the server's capabilities only.
		ensure(ensure(capabilities, 'textDocument')!, 'inlineCompletion')!.dynamicRegistration = false;
	}

	getState(): FeatureState {
		return { kind: 'static' };
	}

	initialize(capabilities: ServerCapabilities, selector: DocumentSelector | undefined): void {
		if (!capabilities.inlineCompletionProvider || !selector) {
			return;
		}
		const codeSelector = this.client.protocol2CodeConverter.asDocumentSelector(selector);
		const provider = new Provider(this.client, this.gate);
		this.registration = vscode.Disposable.from(register(codeSelector, provider), provider);
	}

	clear(): void {
		this.registration?.dispose();
		this.registration = undefined;
	}
}

/**
 * register registers provider with its show and partial-accept hooks. VS Code
 * accepts those hooks only from extensions allowed its inlineCompletionsAdditions
 * API proposal and refuses the whole provider otherwise; then the provider is
 * registered without them and watches the document for partial acceptances.
 */
function register(selector: vscode.DocumentSelector, provider: Provider): vscode.Disposable {
	try {
		return vscode.languages.registerInlineCompletionItemProvider(selector, provider);
	} catch {
		provider.watchEdits();
		return vscode.languages.registerInlineCompletionItemProvider(selector, {
			provideInlineCompletionItems: (document, position, context, token) =>
				provider.provideInlineCompletionItems(document, position, context, token),
		});
	}
}

/** Provider asks the server for suggestions and reports what became of them. */
class Provider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
	/** The server's item behind each suggestion handed to VS Code. */
	private readonly items = new WeakMap<vscode.InlineCompletionItem, InlineCompletionItem>();
	private readonly partial = new PartialAccepts<vscode.InlineCompletionItem>();
	/** Without the proposed hooks: the first suggestion last handed out, watched in its document. */
	private watch: vscode.Disposable | undefined;
	private pending: { uri: string; state: Pending<vscode.InlineCompletionItem> } | undefined;

	constructor(
		private readonly client: BaseLanguageClient,
		private readonly gate: Gate,
	) {}

	/** watchEdits reports partial acceptances seen in document changes, for want of the proposed hook. */
	watchEdits(): void {
		this.watch ??= vscode.workspace.onDidChangeTextDocument((e) => this.changed(e));
	}

	dispose(): void {
		this.watch?.dispose();
	}

	private changed(e: vscode.TextDocumentChangeEvent): void {
		const p = this.pending;
		if (!p || e.document.uri.toString() !== p.uri || e.contentChanges.length === 0) {
			return;
		}
		const length = p.state.change(
			e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, text: c.text })),
		);
		if (length !== undefined) {
			this.handleDidPartiallyAcceptCompletionItem(p.state.key, length);
		}
		if (p.state.done) {
			this.pending = undefined;
		}
	}

	/** track starts watching the first of items, the one VS Code shows. */
	private track(document: vscode.TextDocument, position: vscode.Position, items: vscode.InlineCompletionItem[]): void {
		const first = items[0];
		if (!this.watch || !first || typeof first.insertText !== 'string') {
			return;
		}
		const start = first.range?.start ?? position;
		const typed = start.isBefore(position) ? document.getText(new vscode.Range(start, position)) : '';
		if (!first.insertText.startsWith(typed)) {
			return;
		}
		const state = new Pending(first, document.offsetAt(position), first.insertText.slice(typed.length), typed.length);
		this.pending = { uri: document.uri.toString(), state };
	}

	async provideInlineCompletionItems(
		document: vscode.TextDocument,
		position: vscode.Position,
		context: vscode.InlineCompletionContext,
		token: vscode.CancellationToken,
	): Promise<vscode.InlineCompletionList | null> {
		if (!this.gate.open(document.languageId, Date.now())) {
			return null;
		}
		const params = this.client.code2ProtocolConverter.asInlineCompletionParams(document, position, context);
		let result;
		try {
			result = await this.client.sendRequest(InlineCompletionRequest.type, params, token);
		} catch (error) {
			return this.client.handleFailedRequest(InlineCompletionRequest.type, token, error, null);
		}
		if (token.isCancellationRequested || !result) {
			return null;
		}
		const items = (Array.isArray(result) ? result : result.items).map((item) => this.toCode(item));
		this.track(document, position, items);
		return new vscode.InlineCompletionList(items);
	}

	/** handleDidShowCompletionItem is VS Code's hook for a suggestion put on screen. */
	handleDidShowCompletionItem(shown: vscode.InlineCompletionItem): void {
		const item = this.items.get(shown);
		if (item) {
			this.sent(this.client.sendNotification(DidShowCompletionNotification.type, { item }));
		}
	}

	/**
	 * handleDidPartiallyAcceptCompletionItem is VS Code's hook for a word or
	 * line of a suggestion accepted; the length counts UTF-16 code units.
	 */
	handleDidPartiallyAcceptCompletionItem(
		accepted: vscode.InlineCompletionItem,
		lengthOrInfo: number | { acceptedLength: number },
	): void {
		const item = this.items.get(accepted);
		const acceptedLength = this.partial.next(accepted, lengthOrInfo);
		if (item && acceptedLength !== undefined) {
			const params = { item, acceptedLength };
			this.sent(this.client.sendNotification(DidPartiallyAcceptCompletionNotification.type, params));
		}
	}

	/** toCode converts one server item, routing its command back to the server. */
	private toCode(item: InlineCompletionItem): vscode.InlineCompletionItem {
		const code = this.client.protocol2CodeConverter.asInlineCompletionItem(item);
		if (item.command) {
			code.command = { title: item.command.title, command: RunServerCommand, arguments: [item.command] };
		}
		this.items.set(code, item);
		return code;
	}

	/** sent logs a notification that could not be sent (the server stopped). */
	private sent(sending: Promise<void>): void {
		sending.catch((error: unknown) => this.client.warn('notification not sent', error));
	}
}

/** runServerCommand sends a command that the server attached to an item back to it. */
export async function runServerCommand(client: BaseLanguageClient, command: Command): Promise<unknown> {
	return client.sendRequest(ExecuteCommandRequest.type, {
		command: command.command,
		arguments: command.arguments ?? [],
	});
}

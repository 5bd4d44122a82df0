// Protocol additions that lspilot speaks beyond LSP 3.18, and the pure
// helpers that the extension and its tests share. This module must not
// import 'vscode': the tests load it in plain Node.

import {
	Command,
	InlineCompletionItem,
	MessageDirection,
	Position,
	ProtocolNotificationType,
	ProtocolRequestType,
	Range,
} from 'vscode-languageserver-protocol';

/** Commands that the server runs through workspace/executeCommand. */
export const ServerCommands = {
	/** The server's view of a document: argument the URI, result a DocumentState. */
	documentState: 'lspilot.documentState',
	/** The serving process's status: no arguments, result a Status. */
	status: 'lspilot.status',
	/** Sent when the user accepts an inline completion; argument the item's id. */
	acceptCompletion: 'lspilot.acceptCompletion',
} as const;

/** DocumentState is the result of lspilot.documentState. */
export interface DocumentState {
	uri: string;
	version: number;
	bytes: number;
	lines: number;
	sha256: string;
}

/** BackendStatus describes a configured backend, without credentials. */
export interface BackendStatus {
	name: string;
	url: string;
	kind?: string;
	model: string;
}

/** LatencySummary: time to first suggestion over recent suggestions. */
export interface LatencySummary {
	samples: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
}

/** Status is the result of lspilot.status. */
export interface Status {
	/** ready, no backend, backend down or disabled. */
	state?: string;
	busy?: boolean;
	backend?: string;
	backendUrl?: string;
	model?: string;
	backends?: BackendStatus[];
	lastError?: string;
	lastErrorAt?: string;
	latency?: LatencySummary;
	pid: number;
	version: string;
	sessions: number;
	totalSessions: number;
	uptimeSeconds: number;
	openDocuments: number;
}

/** StatusKind is the kind of a didChangeStatus notification. */
export type StatusKind = 'Normal' | 'Warning' | 'Error' | 'Inactive';

/** StatusParams are the parameters of didChangeStatus, in the shape GitHub Copilot's server uses. */
export interface StatusParams {
	/** busy is true while a generation runs. */
	busy: boolean;
	kind: StatusKind;
	message: string;
}

/** DidChangeStatusNotification tells the client the server's state; it is sent on change only. */
export namespace DidChangeStatusNotification {
	export const method = 'didChangeStatus' as const;
	export const messageDirection: MessageDirection = MessageDirection.serverToClient;
	export const type = new ProtocolNotificationType<StatusParams, void>(method);
}

/**
 * StatusDetails decides when to ask lspilot.status for the tooltip's
 * details: when the kind or message changes, and otherwise at most every
 * refreshMs while idle, so that busy flips per keystroke cost nothing.
 */
export class StatusDetails {
	private last: StatusParams | undefined;
	private askedAt = -Infinity;

	constructor(private readonly refreshMs = 5000) {}

	/** due records notification p received at now (ms) and says whether to ask for details. */
	due(p: StatusParams, now: number): boolean {
		const changed = !this.last || this.last.kind !== p.kind || this.last.message !== p.message;
		this.last = p;
		if (!changed && (p.busy || now - this.askedAt < this.refreshMs)) {
			return false;
		}
		this.askedAt = now;
		return true;
	}

	/**
	 * later returns, after a notification that was not due, in how many ms to
	 * ask for details so that an idle tooltip is at most refreshMs old; -1
	 * when nothing is owed (busy, or asked for already).
	 */
	later(p: StatusParams, now: number): number {
		return p.busy || this.askedAt === now ? -1 : Math.max(0, this.askedAt + this.refreshMs - now);
	}

	/** asked records that details were asked for at now. */
	asked(now: number): void {
		this.askedAt = now;
	}
}

/** DidShowCompletionParams are the parameters of textDocument/didShowCompletion. */
export interface DidShowCompletionParams {
	/** The item as the server sent it. */
	item: InlineCompletionItem;
}

/** DidShowCompletionNotification tells the server a suggestion is on screen. */
export namespace DidShowCompletionNotification {
	export const method = 'textDocument/didShowCompletion' as const;
	export const messageDirection: MessageDirection = MessageDirection.clientToServer;
	export const type = new ProtocolNotificationType<DidShowCompletionParams, void>(method);
}

/** DidPartiallyAcceptCompletionParams are the parameters of textDocument/didPartiallyAcceptCompletion. */
export interface DidPartiallyAcceptCompletionParams {
	/** The item as the server sent it. */
	item: InlineCompletionItem;
	/** How much of the insert text is accepted so far, in UTF-16 code units. */
	acceptedLength: number;
}

/** DidPartiallyAcceptCompletionNotification tells the server the user took part of a suggestion. */
export namespace DidPartiallyAcceptCompletionNotification {
	export const method = 'textDocument/didPartiallyAcceptCompletion' as const;
	export const messageDirection: MessageDirection = MessageDirection.clientToServer;
	export const type = new ProtocolNotificationType<DidPartiallyAcceptCompletionParams, void>(method);
}

/**
 * PartialAccepts decides which partial acceptances to report. VS Code may
 * report one acceptance twice (as a length, then as an info object carrying
 * the same length); the accepted length of one suggestion only grows, so
 * only growth is reported.
 */
export class PartialAccepts<K extends object> {
	private readonly reported = new WeakMap<K, number>();

	/** next returns the length to report for key, or undefined when it was reported already. */
	next(key: K, lengthOrInfo: number | { acceptedLength: number }): number | undefined {
		const length = typeof lengthOrInfo === 'number' ? lengthOrInfo : lengthOrInfo?.acceptedLength;
		if (typeof length !== 'number' || !Number.isFinite(length) || length <= 0) {
			return undefined;
		}
		if (length <= (this.reported.get(key) ?? 0)) {
			return undefined;
		}
		this.reported.set(key, length);
		return length;
	}
}

/** describeStatus is the one-line summary of a Status shown to the user. */
export function describeStatus(s: Status): string {
	const sessions = s.sessions === 1 ? '1 session' : `${s.sessions} sessions`;
	const docs = s.openDocuments === 1 ? '1 open document' : `${s.openDocuments} open documents`;
	const state = s.state ? `${s.state}${s.model ? `, ${s.model}` : ''}; ` : '';
	return `lspilot ${s.version} (pid ${s.pid}): ${state}${sessions}, ${docs}, up ${formatDuration(s.uptimeSeconds)}`;
}

/** formatDuration writes seconds as 45s, 12m 3s or 5h 2m. */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	if (s < 60) {
		return `${s}s`;
	}
	if (s < 3600) {
		return `${Math.floor(s / 60)}m ${s % 60}s`;
	}
	return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** NextEditCommands are the commands a next edit carries or its dismissal runs, GitHub Copilot's names. */
export const NextEditCommands = {
	/** Run when the user accepts an edit; argument the edit's id (the edit's own command). */
	accept: 'github.copilot.didAcceptNextEditSuggestionItem',
	/** Run when the user dismisses an edit; argument the edit's id. */
	reject: 'github.copilot.didRejectNextEditSuggestionItem',
} as const;

/** VersionedDocument names a document at a version. */
export interface VersionedDocument {
	uri: string;
	version: number;
}

/** CopilotInlineEditParams ask for the next edit of a document at a version, with the cursor. */
export interface CopilotInlineEditParams {
	textDocument: VersionedDocument;
	position: Position;
}

/** CopilotInlineEdit is one proposed edit: range replaced by text, on the document version it names. */
export interface CopilotInlineEdit {
	range: Range;
	text: string;
	textDocument: VersionedDocument;
	/** Run (workspace/executeCommand) once the edit is applied. */
	command?: Command;
}

/** CopilotInlineEditResult holds the edits; empty when there is none, or the version was not the server's. */
export interface CopilotInlineEditResult {
	edits: CopilotInlineEdit[];
}

/** CopilotInlineEditRequest asks for the next edit (GitHub Copilot's language server method). */
export namespace CopilotInlineEditRequest {
	export const method = 'textDocument/copilotInlineEdit' as const;
	export const messageDirection: MessageDirection = MessageDirection.clientToServer;
	export const type = new ProtocolRequestType<CopilotInlineEditParams, CopilotInlineEditResult, never, void, void>(method);
}

/** DidShowInlineEditParams carry the command of the edit put on screen. */
export interface DidShowInlineEditParams {
	item: { command: Command };
}

/** DidShowInlineEditNotification tells the server an edit is on screen. */
export namespace DidShowInlineEditNotification {
	export const method = 'textDocument/didShowInlineEdit' as const;
	export const messageDirection: MessageDirection = MessageDirection.clientToServer;
	export const type = new ProtocolNotificationType<DidShowInlineEditParams, void>(method);
}

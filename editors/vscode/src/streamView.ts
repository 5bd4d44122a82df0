// Long requests shown as they stream: the code actions' and explanations'
// work-done progress, in a cancellable notification whose message is the
// answer's last line, and in a read-only Markdown document beside the editor
// that grows with the answer. It replaces the language client's progress
// feature, which shows only a title in the status bar.

import * as vscode from 'vscode';
import {
	BaseLanguageClient,
	ClientCapabilities,
	FeatureState,
	ProgressToken,
	StaticFeature,
	WorkDoneProgress,
	WorkDoneProgressBegin,
	WorkDoneProgressCancelNotification,
	WorkDoneProgressCreateRequest,
	ensure,
} from 'vscode-languageclient';

import { appendTail, lastLine } from './streamText';

/** StreamScheme is the URI scheme of the streamed answers' documents. */
export const StreamScheme = 'lspilot-stream';

/** StreamView holds the streamed answers as read-only documents. */
export class StreamView implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly texts = new Map<string, string>();
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	private readonly registration = vscode.workspace.registerTextDocumentContentProvider(StreamScheme, this);
	private count = 0;
	/** latest is the document of the last request with each title. */
	readonly latest = new Map<string, vscode.Uri>();
	readonly onDidChange = this.changed.event;

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.texts.get(uri.toString()) ?? '';
	}

	/** create returns the URI of a new document for a request titled title. */
	create(title: string): vscode.Uri {
		this.count++;
		const name = title.replace(/^lspilot: /, '').replace(/[^\p{L}\p{N} ._-]+/gu, ' ').trim();
		const uri = vscode.Uri.from({ scheme: StreamScheme, path: `/${name} (${this.count}).md` });
		this.latest.set(title, uri);
		return uri;
	}

	/** set replaces the text of uri. */
	set(uri: vscode.Uri, text: string): void {
		this.texts.set(uri.toString(), text);
		this.changed.fire(uri);
	}

	/** show opens uri beside the active editor, keeping the focus where it is. */
	async show(uri: vscode.Uri): Promise<void> {
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
	}

	dispose(): void {
		this.registration.dispose();
		this.changed.dispose();
	}
}

/** StreamingProgressFeature shows the server's work-done progress with its text. */
export class StreamingProgressFeature implements StaticFeature {
	private readonly parts = new Set<StreamPart>();

	constructor(
		private readonly client: BaseLanguageClient,
		private readonly view: StreamView,
	) {}

	fillClientCapabilities(capabilities: ClientCapabilities): void {
		ensure(capabilities, 'window')!.workDoneProgress = true;
	}

	getState(): FeatureState {
		return { kind: 'window', id: WorkDoneProgressCreateRequest.method, registrations: this.parts.size > 0 };
	}

	initialize(): void {
		this.client.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
			const part = new StreamPart(this.client, params.token, this.view, () => this.parts.delete(part));
			this.parts.add(part);
		});
	}

	clear(): void {
		for (const part of this.parts) {
			part.done();
		}
		this.parts.clear();
	}
}

/** StreamPart follows one progress token. */
class StreamPart {
	private readonly listener: vscode.Disposable;
	private progress: vscode.Progress<{ message?: string }> | undefined;
	private finish: (() => void) | undefined;
	private uri: vscode.Uri | undefined;
	private title = 'lspilot';
	private text = '';
	private ended = false;

	constructor(
		private readonly client: BaseLanguageClient,
		private readonly token: ProgressToken,
		private readonly view: StreamView,
		private readonly onDone: () => void,
	) {
		this.listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
			switch (value.kind) {
				case 'begin':
					this.begin(value);
					break;
				case 'report':
					this.report(value.message);
					break;
				case 'end':
					this.end(value.message);
					break;
			}
		});
	}

	private begin(value: WorkDoneProgressBegin): void {
		this.title = value.title;
		const options = { location: vscode.ProgressLocation.Notification, title: value.title, cancellable: value.cancellable };
		void vscode.window.withProgress(options, (progress, cancel) => {
			if (this.ended) {
				return Promise.resolve();
			}
			this.progress = progress;
			cancel.onCancellationRequested(() => {
				void this.client.sendNotification(WorkDoneProgressCancelNotification.type, { token: this.token });
			});
			return new Promise<void>((resolve) => (this.finish = resolve));
		});
	}

	private report(message: string | undefined): void {
		if (!message) {
			return;
		}
		this.text = appendTail(this.text, message);
		this.progress?.report({ message: lastLine(this.text) });
		if (!this.uri) {
			this.uri = this.view.create(this.title);
			this.view.set(this.uri, this.text);
			void this.view.show(this.uri);
			return;
		}
		this.view.set(this.uri, this.text);
	}

	private end(message: string | undefined): void {
		if (this.uri && message) {
			this.view.set(this.uri, `${this.text}\n\n---\n*${this.title}: ${message}*\n`);
		}
		this.done();
	}

	/** done closes the notification and stops listening. */
	done(): void {
		this.ended = true;
		this.listener.dispose();
		this.finish?.();
		this.onDone();
	}
}

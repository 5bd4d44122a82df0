// The language client that starts `lspilot serve` and speaks LSP to it.

import * as vscode from 'vscode';
import {
	CodeActionResolveRequest,
	DidChangeConfigurationNotification,
	DynamicFeature,
	ExecuteCommandRequest,
	InlineCompletionRequest,
	LanguageClient,
	LanguageClientOptions,
	ServerOptions,
	StaticFeature,
	WorkDoneProgressCreateRequest,
} from 'vscode-languageclient/node';

import { InlineCompletionFeature } from './inlineCompletion';
import { withPreview } from './preview';
import { DocumentState, ServerCommands, Status } from './protocol';
import { EnableMap, Gate, Schema, serverKeys, serverSettings } from './settings';
import { StreamView, StreamingProgressFeature } from './streamView';

/** Settings are the extension's settings, the `lspilot.*` keys. */
export interface Settings {
	/** The lspilot executable: a name looked up in PATH, or a path. */
	path: string;
	/** Arguments of the executable. */
	args: string[];
	/** Server settings, sent as initializationOptions and on every change. */
	settings: Record<string, unknown>;
	/** Where suggestions are on, by language id. */
	enable: EnableMap;
	/** Whether AI code actions open the refactor preview before they apply. */
	preview: boolean;
	/** Whether next edits are asked for and shown (lspilot.nextEdit.enabled, which the server is sent too). */
	nextEdits: boolean;
}

/** DefaultSettings are the values package.json declares as defaults. */
export const DefaultSettings: Settings = {
	path: 'lspilot',
	args: ['serve', '--remote=auto'],
	settings: {},
	enable: { '*': true },
	preview: true,
	nextEdits: true,
};

/** readSettings reads the lspilot section of the user's configuration; schema is the extension's package.json. */
export function readSettings(schema: Schema): Settings {
	const config = vscode.workspace.getConfiguration('lspilot');
	const explicit = (key: string) => {
		const i = config.inspect(key);
		return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
	};
	const raw = config.get<Record<string, unknown>>('settings') ?? DefaultSettings.settings;
	return {
		path: config.get<string>('path') || DefaultSettings.path,
		args: config.get<string[]>('args') ?? DefaultSettings.args,
		settings: serverSettings(serverKeys(schema), explicit, raw),
		enable: config.get<EnableMap>('enable') ?? DefaultSettings.enable,
		preview: config.get<boolean>('previewCodeActions') ?? DefaultSettings.preview,
		nextEdits: config.get<boolean>('nextEdit.enabled') ?? DefaultSettings.nextEdits,
	};
}

/** DocumentSelector covers every file on disk and every unsaved buffer. */
export const documentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

/**
 * LspilotClient is a LanguageClient whose inline completion reports shown
 * and partially accepted suggestions (InlineCompletionFeature), whose
 * progress shows the streamed text (StreamingProgressFeature), whose AI code
 * actions open the refactor preview, and which asks nothing in languages
 * where the user turned suggestions off (gate).
 */
export class LspilotClient extends LanguageClient {
	constructor(
		settings: Settings,
		streams: StreamView,
		outputChannel?: vscode.LogOutputChannel,
		readonly gate = new Gate(settings.enable),
	) {
		// No transport: the default is stdio, and TransportKind.stdio would add a --stdio flag that lspilot has not.
		const server: ServerOptions = { command: settings.path, args: settings.args };
		const open = (doc: vscode.TextDocument) => gate.open(doc.languageId, Date.now());
		const client: LanguageClientOptions = {
			documentSelector,
			initializationOptions: settings.settings,
			outputChannel,
			middleware: {
				provideHover: (doc, pos, token, next) => (open(doc) ? next(doc, pos, token) : null),
				provideCompletionItem: (doc, pos, ctx, token, next) => (open(doc) ? next(doc, pos, ctx, token) : null),
				provideCodeActions: (doc, range, ctx, token, next) => (open(doc) ? next(doc, range, ctx, token) : null),
				resolveCodeAction: (item, token, next) =>
					this.preview ? this.resolveWithPreview(item, token) : next(item, token),
			},
		};
		super('lspilot', 'lspilot', server, client);
		this.preview = settings.preview;
		this.registerFeature(new InlineCompletionFeature(this, gate));
		this.registerFeature(new StreamingProgressFeature(this, streams));
	}

	/** preview says whether AI code actions open the refactor preview. */
	preview = true;

	override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
		if (DynamicFeature.is(feature) && feature.registrationType.method === InlineCompletionRequest.method) {
			return; // replaced by InlineCompletionFeature
		}
		if (!(feature instanceof StreamingProgressFeature) && feature.getState().kind === 'window' &&
			(feature.getState() as { id?: string }).id === WorkDoneProgressCreateRequest.method) {
			return; // replaced by StreamingProgressFeature
		}
		super.registerFeature(feature);
	}

	/** resolveWithPreview resolves a code action with its edit marked for the refactor preview. */
	private async resolveWithPreview(item: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
		const params = this.code2ProtocolConverter.asCodeActionSync(item);
		let result;
		try {
			result = await this.sendRequest(CodeActionResolveRequest.type, params, token);
		} catch (error) {
			return this.handleFailedRequest(CodeActionResolveRequest.type, token, error, item);
		}
		if (token.isCancellationRequested) {
			return item;
		}
		if (result.edit) {
			result.edit = withPreview(result.edit, result.title);
		}
		return this.protocol2CodeConverter.asCodeAction(result, token);
	}

	/** sendSettings sends changed server settings (workspace/didChangeConfiguration). */
	async sendSettings(settings: Record<string, unknown>): Promise<void> {
		await this.sendNotification(DidChangeConfigurationNotification.type, { settings: { lspilot: settings } });
	}

	/** status runs lspilot.status. */
	async status(): Promise<Status> {
		return (await this.sendRequest(ExecuteCommandRequest.type, {
			command: ServerCommands.status,
			arguments: [],
		})) as Status;
	}

	/** documentState runs lspilot.documentState for uri. */
	async documentState(uri: vscode.Uri): Promise<DocumentState> {
		return (await this.sendRequest(ExecuteCommandRequest.type, {
			command: ServerCommands.documentState,
			arguments: [this.code2ProtocolConverter.asUri(uri)],
		})) as DocumentState;
	}
}

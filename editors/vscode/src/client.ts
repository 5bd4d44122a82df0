// The language client that starts `lspilot serve` and speaks LSP to it.

import * as vscode from 'vscode';
import {
	DidChangeConfigurationNotification,
	DynamicFeature,
	ExecuteCommandRequest,
	InlineCompletionRequest,
	LanguageClient,
	LanguageClientOptions,
	ServerOptions,
	StaticFeature,
	TransportKind,
} from 'vscode-languageclient/node';

import { InlineCompletionFeature } from './inlineCompletion';
import { DocumentState, ServerCommands, Status } from './protocol';

/** Settings are the extension's settings, the `lspilot.*` keys. */
export interface Settings {
	/** The lspilot executable: a name looked up in PATH, or a path. */
	path: string;
	/** Arguments of the executable. */
	args: string[];
	/** Server settings, sent as initializationOptions and on every change. */
	settings: Record<string, unknown>;
}

/** DefaultSettings are the values package.json declares as defaults. */
export const DefaultSettings: Settings = {
	path: 'lspilot',
	args: ['serve', '--remote=auto'],
	settings: {},
};

/** readSettings reads the lspilot section of the user's configuration. */
export function readSettings(): Settings {
	const config = vscode.workspace.getConfiguration('lspilot');
	return {
		path: config.get<string>('path') || DefaultSettings.path,
		args: config.get<string[]>('args') ?? DefaultSettings.args,
		settings: config.get<Record<string, unknown>>('settings') ?? DefaultSettings.settings,
	};
}

/** DocumentSelector covers every file on disk and every unsaved buffer. */
export const documentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

/**
 * LspilotClient is a LanguageClient whose inline completion reports shown
 * and partially accepted suggestions (InlineCompletionFeature) in place of
 * the built-in feature.
 */
export class LspilotClient extends LanguageClient {
	constructor(settings: Settings, outputChannel?: vscode.LogOutputChannel) {
		const server: ServerOptions = {
			command: settings.path,
			args: settings.args,
			transport: TransportKind.stdio,
		};
		const client: LanguageClientOptions = {
			documentSelector,
			initializationOptions: settings.settings,
			outputChannel,
		};
		super('lspilot', 'lspilot', server, client);
		this.registerFeature(new InlineCompletionFeature(this));
	}

	override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
		if (DynamicFeature.is(feature) && feature.registrationType.method === InlineCompletionRequest.method) {
			return; // replaced by InlineCompletionFeature
		}
		super.registerFeature(feature);
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

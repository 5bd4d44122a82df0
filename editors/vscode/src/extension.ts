// The lspilot extension: starts `lspilot serve` for every file and unsaved
// buffer, shows its state in the status bar, and restarts it when its
// command line changes.

import * as vscode from 'vscode';
import { Command } from 'vscode-languageclient/node';

import { LspilotClient, readSettings } from './client';
import { RunServerCommand, runServerCommand } from './inlineCompletion';
import { describeStatus } from './protocol';
import { ShowStatusCommand, StatusBar } from './statusBar';

let extension: Extension | undefined;

/** activate starts lspilot. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
	extension = new Extension();
	context.subscriptions.push(extension);
	await extension.start();
}

/** deactivate stops lspilot; VS Code waits for the returned promise. */
export async function deactivate(): Promise<void> {
	await extension?.stop();
	extension = undefined;
}

/** Extension owns the running client and everything that outlives a restart. */
class Extension implements vscode.Disposable {
	private client: LspilotClient | undefined;
	private readonly output = vscode.window.createOutputChannel('lspilot', { log: true });
	private readonly statusBar = new StatusBar();
	private readonly disposables: vscode.Disposable[] = [
		vscode.commands.registerCommand(ShowStatusCommand, () => this.showStatus()),
		vscode.commands.registerCommand('lspilot.restart', () => this.restart()),
		vscode.commands.registerCommand('lspilot.showOutput', () => this.output.show()),
		vscode.commands.registerCommand(RunServerCommand, (command: Command) => this.runServerCommand(command)),
		vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
	];

	async start(): Promise<void> {
		const client = new LspilotClient(readSettings(), this.output);
		this.client = client;
		this.statusBar.follow(client);
		try {
			await client.start();
		} catch (error) {
			this.output.error(`lspilot did not start: ${String(error)}`);
			void vscode.window.showErrorMessage(
				`lspilot did not start (${String(error)}). Check the lspilot.path setting.`,
			);
		}
	}

	async stop(): Promise<void> {
		const client = this.client;
		this.client = undefined;
		if (client?.needsStop()) {
			await client.stop();
		}
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	private async configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
		if (e.affectsConfiguration('lspilot.path') || e.affectsConfiguration('lspilot.args')) {
			await this.restart();
		} else if (e.affectsConfiguration('lspilot.settings') && this.client?.isRunning()) {
			await this.client.sendSettings(readSettings().settings);
		}
	}

	private async showStatus(): Promise<void> {
		if (!this.client?.isRunning()) {
			const choice = await vscode.window.showWarningMessage('lspilot is not running.', 'Restart', 'Show Output');
			if (choice === 'Restart') {
				await this.restart();
			} else if (choice === 'Show Output') {
				this.output.show();
			}
			return;
		}
		try {
			void vscode.window.showInformationMessage(describeStatus(await this.client.status()));
		} catch (error) {
			void vscode.window.showErrorMessage(`lspilot.status failed: ${String(error)}`);
		}
	}

	private async runServerCommand(command: Command): Promise<unknown> {
		if (!this.client?.isRunning()) {
			return undefined;
		}
		try {
			return await runServerCommand(this.client, command);
		} catch (error) {
			this.output.warn(`${command.command} failed: ${String(error)}`);
			return undefined;
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
		this.statusBar.dispose();
		this.output.dispose();
	}
}

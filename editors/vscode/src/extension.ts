// The lspilot extension: starts `lspilot serve` for every file and unsaved
// buffer, shows its state in the status bar with a menu, sends changed
// settings without a restart, and restarts it when its command line changes.

import * as vscode from 'vscode';
import { Command } from 'vscode-languageclient/node';

import { LspilotClient, Settings, readSettings } from './client';
import { RunServerCommand, runServerCommand } from './inlineCompletion';
import { NextEditFeature } from './nextEdit';
import { MenuAction, SnoozeMinutes, menuItems } from './statusModel';
import { describeStatus } from './protocol';
import { Gate, Schema, doctorArgs, enabledFor, withLanguage, withUnset } from './settings';
import { ShowMenuCommand, StatusBar } from './statusBar';
import { StreamView } from './streamView';
import { runTool } from './tool';

let extension: Extension | undefined;

/** activate starts lspilot. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
	extension = new Extension(context.extension.packageJSON as Schema);
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
	private settings: Settings;
	private readonly output = vscode.window.createOutputChannel('lspilot', { log: true });
	private readonly tools = vscode.window.createOutputChannel('lspilot doctor');
	private readonly statusBar = new StatusBar();
	private readonly streams = new StreamView();
	private readonly gate: Gate;
	private readonly nextEdits: NextEditFeature;
	private readonly disposables: vscode.Disposable[];

	constructor(private readonly schema: Schema) {
		this.settings = readSettings(schema);
		this.gate = new Gate(this.settings.enable);
		this.nextEdits = new NextEditFeature(() => this.client, this.gate, this.output, this.settings.nextEdits);
		const commands: [string, (...args: never[]) => unknown][] = [
			[ShowMenuCommand, () => this.showMenu()],
			['lspilot.showStatus', () => this.showStatus()],
			['lspilot.toggle', () => this.toggle()],
			['lspilot.snooze', () => this.pickSnooze()],
			['lspilot.toggleLanguage', () => this.toggleLanguage()],
			['lspilot.doctor', () => this.doctor()],
			['lspilot.restart', () => this.restart()],
			['lspilot.restartDaemon', () => this.restartDaemon()],
			['lspilot.showOutput', () => this.output.show()],
			['lspilot.showAlternatives', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')],
			[RunServerCommand, (command: Command) => this.runServerCommand(command)],
		];
		this.disposables = [
			...commands.map(([id, run]) => vscode.commands.registerCommand(id, run)),
			vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
		];
	}

	async start(): Promise<void> {
		const client = new LspilotClient(this.settings, this.streams, this.output, this.gate);
		this.client = client;
		this.statusBar.follow(client);
		try {
			await client.start();
		} catch (error) {
			this.output.error(`lspilot did not start: ${String(error)}`);
			const choice = await vscode.window.showErrorMessage(
				`lspilot did not start (${String(error)}). Check the lspilot.path setting.`, 'Open Settings', 'Show Logs',
			);
			if (choice === 'Open Settings') {
				await vscode.commands.executeCommand('workbench.action.openSettings', 'lspilot.path');
			} else if (choice === 'Show Logs') {
				this.output.show();
			}
		}
	}

	async stop(): Promise<void> {
		const client = this.client;
		this.client = undefined;
		this.nextEdits.controller.stop();
		if (client?.needsStop()) {
			await client.stop();
		}
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	private async configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
		if (!e.affectsConfiguration('lspilot')) {
			return;
		}
		const old = this.settings;
		this.settings = readSettings(this.schema);
		this.gate.enable = this.settings.enable;
		this.nextEdits.controller.enabled = this.settings.nextEdits;
		this.statusBar.render();
		if (this.client) {
			this.client.preview = this.settings.preview;
		}
		if (e.affectsConfiguration('lspilot.path') || e.affectsConfiguration('lspilot.args')) {
			await this.restart();
		} else if (JSON.stringify(old.settings) !== JSON.stringify(this.settings.settings) && this.client?.isRunning()) {
			await this.client.sendSettings(withUnset(old.settings, this.settings.settings));
		}
	}

	private async showMenu(): Promise<void> {
		const items = menuItems(this.statusBar.input());
		const pick = await vscode.window.showQuickPick(items, { title: 'lspilot', placeHolder: this.statusBar.input().details?.model });
		if (pick) {
			await this.run(pick.action);
		}
	}

	/** run does what a menu item says. */
	private async run(action: MenuAction): Promise<void> {
		const minutes = SnoozeMinutes[action];
		if (minutes !== undefined) {
			this.gate.snooze(minutes, Date.now());
			this.nextEdits.controller.stop();
			this.statusBar.render();
			return;
		}
		switch (action) {
			case 'configure':
				return void (await vscode.commands.executeCommand('workbench.action.openSettings', 'lspilot.backends'));
			case 'toggle':
				return this.toggle();
			case 'wake':
				this.gate.wake();
				return this.statusBar.render();
			case 'toggleLanguage':
				return this.toggleLanguage();
			case 'alternatives':
				return void (await vscode.commands.executeCommand('lspilot.showAlternatives'));
			case 'status':
				return this.showStatus();
			case 'doctor':
				return this.doctor();
			case 'logs':
				return this.output.show();
			case 'restartDaemon':
				return this.restartDaemon();
			case 'restart':
				return this.restart();
		}
	}

	private async pickSnooze(): Promise<void> {
		const items = menuItems(this.statusBar.input()).filter((i) => SnoozeMinutes[i.action] !== undefined || i.action === 'wake');
		const pick = await vscode.window.showQuickPick(items, { title: 'lspilot: snooze' });
		if (pick) {
			await this.run(pick.action);
		}
	}

	/** toggle turns suggestions on or off in every language (the "*" entry of lspilot.enable). */
	private async toggle(): Promise<void> {
		const enable = { ...this.gate.enable, '*': !enabledFor(this.gate.enable, undefined) };
		await this.setEnable(enable);
	}

	/** toggleLanguage turns suggestions on or off for the active editor's language. */
	private async toggleLanguage(): Promise<void> {
		const languageId = vscode.window.activeTextEditor?.document.languageId;
		if (!languageId) {
			void vscode.window.showInformationMessage('lspilot: open a file to turn suggestions on or off for its language.');
			return;
		}
		await this.setEnable(withLanguage(this.gate.enable, languageId, !enabledFor(this.gate.enable, languageId)));
	}

	private async setEnable(enable: Record<string, boolean>): Promise<void> {
		this.gate.enable = enable;
		this.nextEdits.controller.stop();
		this.statusBar.render();
		await vscode.workspace.getConfiguration('lspilot').update('enable', enable, vscode.ConfigurationTarget.Global);
	}

	/** doctor runs `lspilot doctor` into its output channel, on the backend the settings name. */
	private async doctor(): Promise<void> {
		await runTool(this.tools, this.settings.path, doctorArgs(this.settings.settings));
	}

	/** restartDaemon runs `lspilot daemon restart`, then reconnects. */
	private async restartDaemon(): Promise<void> {
		const code = await runTool(this.tools, this.settings.path, ['daemon', 'restart']);
		if (code !== 0) {
			void vscode.window.showErrorMessage('lspilot daemon restart failed: see the lspilot doctor output.');
		}
		await this.restart();
	}

	private async showStatus(): Promise<void> {
		if (!this.client?.isRunning()) {
			const choice = await vscode.window.showWarningMessage('lspilot is not running.', 'Restart', 'Show Logs');
			if (choice === 'Restart') {
				await this.restart();
			} else if (choice === 'Show Logs') {
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
		this.nextEdits.dispose();
		this.statusBar.dispose();
		this.streams.dispose();
		this.output.dispose();
		this.tools.dispose();
	}
}

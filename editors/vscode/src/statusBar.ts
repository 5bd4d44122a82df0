// The status bar item: whether lspilot runs, and its status on hover.

import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

import { LspilotClient } from './client';
import { describeStatus } from './protocol';

/** ShowStatusCommand is the command the item runs when clicked. */
export const ShowStatusCommand = 'lspilot.showStatus';

/** StatusBar shows the state of one client at a time. */
export class StatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('lspilot.status', vscode.StatusBarAlignment.Right, 100);
	private watch: vscode.Disposable | undefined;

	constructor() {
		this.item.name = 'lspilot';
		this.item.command = ShowStatusCommand;
		this.show('$(circle-slash) lspilot', 'lspilot is not running');
		this.item.show();
	}

	/** follow shows client's state from now on. */
	follow(client: LspilotClient): void {
		this.watch?.dispose();
		this.watch = client.onDidChangeState((e) => this.update(client, e.newState));
		this.update(client, client.state);
	}

	private update(client: LspilotClient, state: State): void {
		switch (state) {
			case State.Starting:
				this.show('$(loading~spin) lspilot', 'lspilot is starting');
				return;
			case State.Stopped:
				this.show('$(circle-slash) lspilot', 'lspilot is not running: click for details');
				return;
			case State.Running:
				this.show('$(sparkle) lspilot', 'lspilot is running');
				client.status().then(
					(s) => this.show('$(sparkle) lspilot', describeStatus(s)),
					() => undefined, // the tooltip stays generic; errors are in the output channel
				);
				return;
		}
	}

	private show(text: string, tooltip: string): void {
		this.item.text = text;
		this.item.tooltip = tooltip;
	}

	dispose(): void {
		this.watch?.dispose();
		this.item.dispose();
	}
}

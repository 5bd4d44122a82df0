// The status bar item: whether lspilot runs, and its status on hover.

import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

import { LspilotClient } from './client';
import { DidChangeStatusNotification, Status, StatusDetails, StatusParams, describeStatus, statusItemView } from './protocol';

/** ShowStatusCommand is the command the item runs when clicked. */
export const ShowStatusCommand = 'lspilot.showStatus';

/** StatusBar shows the state of one client at a time. */
export class StatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('lspilot.status', vscode.StatusBarAlignment.Right, 100);
	private watch: vscode.Disposable | undefined;
	private notified: vscode.Disposable | undefined;
	private status: StatusParams | undefined;
	private details: Status | undefined;
	private detailsDue = new StatusDetails();

	constructor() {
		this.item.name = 'lspilot';
		this.item.command = ShowStatusCommand;
		this.show('$(circle-slash) lspilot', 'lspilot is not running');
		this.item.show();
	}

	/** follow shows client's state from now on. */
	follow(client: LspilotClient): void {
		this.watch?.dispose();
		this.notified?.dispose();
		this.status = this.details = undefined;
		this.detailsDue = new StatusDetails();
		this.watch = client.onDidChangeState((e) => this.update(client, e.newState));
		this.notified = client.onNotification(DidChangeStatusNotification.type, (p) => this.statusChanged(client, p));
		this.update(client, client.state);
	}

	/** statusChanged shows a didChangeStatus notification, asking for details when they may have changed. */
	private statusChanged(client: LspilotClient, p: StatusParams): void {
		this.status = p;
		this.render();
		if (this.detailsDue.due(p, Date.now())) {
			client.status().then(
				(s) => {
					this.details = s;
					this.render();
				},
				() => undefined, // the tooltip keeps the notification's message
			);
		}
	}

	private render(): void {
		if (this.status) {
			const view = statusItemView(this.status, this.details);
			this.show(view.text, view.tooltip);
		}
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
				if (this.status) {
					this.render();
					return;
				}
				this.show('$(sparkle) lspilot', 'lspilot is running');
				client.status().then(
					(s) => {
						if (!this.status) {
							this.show('$(sparkle) lspilot', describeStatus(s));
						}
					},
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
		this.notified?.dispose();
		this.item.dispose();
	}
}

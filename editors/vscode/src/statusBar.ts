// The status bar item: ready, thinking, no backend, backend down, disabled,
// snoozed or not running, with the backend, model and latency on hover.

import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

import { LspilotClient } from './client';
import { DidChangeStatusNotification, Status, StatusDetails, StatusParams } from './protocol';
import { Gate, enabledFor } from './settings';
import { ClientState, StatusInput, statusView } from './statusModel';

/** ShowMenuCommand is the command the item runs when clicked. */
export const ShowMenuCommand = 'lspilot.showMenu';

/** StatusBar shows the state of one client at a time. */
export class StatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('lspilot.status', vscode.StatusBarAlignment.Right, 100);
	private readonly editorWatch = vscode.window.onDidChangeActiveTextEditor(() => this.render());
	private watch: vscode.Disposable | undefined;
	private notified: vscode.Disposable | undefined;
	private client: ClientState = 'stopped';
	private params: StatusParams | undefined;
	private details: Status | undefined;
	private detailsDue = new StatusDetails();
	private gate = new Gate();
	private wake: ReturnType<typeof setTimeout> | undefined;
	private trailing: ReturnType<typeof setTimeout> | undefined;

	constructor() {
		this.item.name = 'lspilot';
		this.item.command = ShowMenuCommand;
		this.render();
		this.item.show();
	}

	/** follow shows client's state from now on. */
	follow(client: LspilotClient): void {
		clearTimeout(this.trailing);
		this.watch?.dispose();
		this.notified?.dispose();
		this.params = this.details = undefined;
		this.detailsDue = new StatusDetails();
		this.gate = client.gate;
		this.watch = client.onDidChangeState((e) => this.update(client, e.newState));
		this.notified = client.onNotification(DidChangeStatusNotification.type, (p) => this.statusChanged(client, p));
		this.update(client, client.state);
	}

	/** input is what the item depends on now. */
	input(): StatusInput {
		const languageId = vscode.window.activeTextEditor?.document.languageId;
		return {
			client: this.client, params: this.params, details: this.details, languageId,
			globalOn: enabledFor(this.gate.enable, undefined), languageOn: enabledFor(this.gate.enable, languageId),
			snoozedUntil: this.gate.snoozedUntil, now: Date.now(),
		};
	}

	/** render shows the current input, and re-renders when a snooze ends or its minutes change. */
	render(): void {
		const view = statusView(this.input());
		this.item.text = view.text;
		this.item.tooltip = view.tooltip;
		this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
		clearTimeout(this.wake);
		if (view.state === 'snoozed') {
			const left = this.gate.snoozedUntil - Date.now();
			this.wake = setTimeout(() => this.render(), Math.min(left, 60_000) + 50);
		}
	}

	/** statusChanged shows a didChangeStatus notification, asking for details when they may have changed. */
	private statusChanged(client: LspilotClient, p: StatusParams): void {
		this.params = p;
		this.render();
		clearTimeout(this.trailing);
		const now = Date.now();
		if (this.detailsDue.due(p, now)) {
			this.refresh(client);
			return;
		}
		const ms = this.detailsDue.later(p, now);
		if (ms >= 0) {
			// The generation that just ended is not in the details yet.
			this.trailing = setTimeout(() => {
				this.detailsDue.asked(Date.now());
				this.refresh(client);
			}, ms);
		}
	}

	/** refresh asks lspilot.status for the tooltip's details. */
	private refresh(client: LspilotClient): void {
		client.status().then(
			(s) => {
				this.details = s;
				this.render();
			},
			() => undefined, // the tooltip keeps the notification's message; errors are in the output channel
		);
	}

	private update(client: LspilotClient, state: State): void {
		const states: Record<State, ClientState> = {
			[State.Starting]: 'starting', [State.Running]: 'running', [State.Stopped]: 'stopped', [State.StartFailed]: 'stopped',
		};
		this.client = states[state];
		this.render();
		if (state === State.Running) {
			this.refresh(client);
		}
	}

	dispose(): void {
		clearTimeout(this.wake);
		clearTimeout(this.trailing);
		this.editorWatch.dispose();
		this.watch?.dispose();
		this.notified?.dispose();
		this.item.dispose();
	}
}

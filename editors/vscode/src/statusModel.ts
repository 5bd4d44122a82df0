// What the status bar item and its menu show, computed from the client's
// state, the server's status notification, lspilot.status and where the
// user turned suggestions off. This module must not import 'vscode': the
// tests load it in plain Node.

import { Status, StatusParams, formatDuration } from './protocol';

/** ClientState is the language client's state, as the status bar needs it. */
export type ClientState = 'starting' | 'running' | 'stopped';

/** StatusState is what the status bar item says. */
export type StatusState =
	| 'starting'
	| 'stopped'
	| 'snoozed'
	| 'disabled'
	| 'thinking'
	| 'no backend'
	| 'backend down'
	| 'ready';

/** StatusInput is everything the item depends on. */
export interface StatusInput {
	client: ClientState;
	/** The last didChangeStatus notification. */
	params?: StatusParams;
	/** The last lspilot.status result. */
	details?: Status;
	/** The active editor's language, if any. */
	languageId?: string;
	/** Whether the user turned suggestions on everywhere, and for languageId. */
	globalOn: boolean;
	languageOn: boolean;
	/** When a snooze ends (ms since the epoch), 0 when none; and the time now. */
	snoozedUntil: number;
	now: number;
}

/** StatusView is what the item shows. */
export interface StatusView {
	state: StatusState;
	text: string;
	tooltip: string;
	/** A theme color id for the item's background, for the states that need the user. */
	background?: string;
}

const icons: Record<StatusState, string> = {
	starting: '$(loading~spin)',
	stopped: '$(debug-disconnect)',
	snoozed: '$(bell-slash)',
	disabled: '$(circle-slash)',
	thinking: '$(loading~spin)',
	'no backend': '$(warning)',
	'backend down': '$(error)',
	ready: '$(sparkle)',
};

/** serverState is the state that the server's notification, else its status, says. */
export function serverState(params?: StatusParams, details?: Status): StatusState {
	const kinds: Record<string, StatusState> = {
		Normal: 'ready', Warning: 'no backend', Error: 'backend down', Inactive: 'disabled',
	};
	if (params) {
		return params.busy && params.kind !== 'Inactive' ? 'thinking' : (kinds[params.kind] ?? 'ready');
	}
	switch (details?.state) {
		case 'no backend':
		case 'backend down':
		case 'disabled':
			return details.state;
	}
	return details?.busy ? 'thinking' : 'ready';
}

/** statusState decides the state: the client first, then the user's choices, then the server's. */
export function statusState(input: StatusInput): StatusState {
	if (input.client !== 'running') {
		return input.client;
	}
	if (input.now < input.snoozedUntil) {
		return 'snoozed';
	}
	if (!input.globalOn || !input.languageOn) {
		return 'disabled';
	}
	return serverState(input.params, input.details);
}

/** statusView renders input. */
export function statusView(input: StatusInput): StatusView {
	const state = statusState(input);
	let text = `${icons[state]} lspilot`;
	if (state === 'snoozed') {
		text += ` ${Math.ceil((input.snoozedUntil - input.now) / 60_000)}m`;
	}
	const lines = [headline(state, input), ...detailLines(input.details, state)];
	lines.push('', 'Click for the lspilot menu.');
	const background = {
		'no backend': 'statusBarItem.warningBackground',
		'backend down': 'statusBarItem.errorBackground',
		stopped: 'statusBarItem.errorBackground',
	}[state as string];
	return { state, text, tooltip: lines.join('\n'), background };
}

/** headline is the tooltip's first line. */
function headline(state: StatusState, input: StatusInput): string {
	const message = input.params?.message;
	switch (state) {
		case 'starting':
			return 'lspilot is starting';
		case 'stopped':
			return 'lspilot is not running: run lspilot doctor, or restart it from the menu';
		case 'snoozed':
			return `lspilot: snoozed for ${formatDuration((input.snoozedUntil - input.now) / 1000)} more`;
		case 'disabled':
			if (!input.globalOn) {
				return 'lspilot: suggestions turned off';
			}
			if (!input.languageOn) {
				return `lspilot: suggestions turned off for ${input.languageId}`;
			}
			return message || 'lspilot: disabled in the settings';
		case 'thinking':
			return 'lspilot: generating';
		case 'no backend':
			return (message || 'lspilot: no backend configured') + ': set lspilot.backends';
		case 'backend down':
			return message || `lspilot: backend down: ${input.details?.lastError ?? ''}`;
		case 'ready':
			return message || 'lspilot: ready';
	}
}

/** detailLines are the backend, model, latency and last error of lspilot.status. */
function detailLines(details: Status | undefined, state: StatusState): string[] {
	const lines: string[] = [];
	if (!details) {
		return lines;
	}
	if (details.backend) {
		const url = details.backendUrl && details.backendUrl !== details.backend ? ` (${details.backendUrl})` : '';
		const kind = details.backends?.[0]?.kind ? `, ${details.backends[0].kind}` : '';
		lines.push(`Backend: ${details.backend}${url}${kind}`);
	} else {
		lines.push('Backend: none');
	}
	if (details.model) {
		lines.push(`Model: ${details.model}`);
	}
	const lat = details.latency;
	if (lat && lat.samples > 0) {
		const ms = (v: number) => `${Math.round(v)}`;
		const over = lat.samples === 1 ? 'the last suggestion' : `the last ${lat.samples} suggestions`;
		lines.push(`Latency p50/p95: ${ms(lat.p50Ms)}/${ms(lat.p95Ms)} ms over ${over}`);
	}
	if (details.lastError && (state === 'backend down' || state === 'no backend')) {
		lines.push(`Last error: ${details.lastError}`);
	}
	lines.push(`Server: lspilot ${details.version}, pid ${details.pid}, ${details.sessions === 1 ? '1 session' : `${details.sessions} sessions`}`);
	return lines;
}

/** MenuAction is what a menu item does. */
export type MenuAction =
	| 'configure'
	| 'toggle'
	| 'wake'
	| 'snooze5'
	| 'snooze15'
	| 'snooze60'
	| 'toggleLanguage'
	| 'alternatives'
	| 'status'
	| 'doctor'
	| 'logs'
	| 'restartDaemon'
	| 'restart';

/** MenuItem is one entry of the status bar menu. */
export interface MenuItem {
	action: MenuAction;
	label: string;
	description?: string;
}

/** SnoozeMinutes maps the snooze actions to their length. */
export const SnoozeMinutes: Partial<Record<MenuAction, number>> = { snooze5: 5, snooze15: 15, snooze60: 60 };

/** menuItems lists the menu's entries for the item's input. */
export function menuItems(input: StatusInput): MenuItem[] {
	const state = statusState(input);
	const items: MenuItem[] = [];
	if (state === 'no backend' || state === 'backend down') {
		items.push({ action: 'configure', label: '$(gear) Configure a backend', description: 'lspilot.backends' });
	}
	items.push(
		input.globalOn
			? { action: 'toggle', label: '$(circle-slash) Disable suggestions', description: 'everywhere' }
			: { action: 'toggle', label: '$(check) Enable suggestions', description: 'everywhere' },
	);
	if (input.languageId) {
		items.push({
			action: 'toggleLanguage',
			label: input.languageOn ? `$(circle-slash) Disable for ${input.languageId}` : `$(check) Enable for ${input.languageId}`,
		});
	}
	if (state === 'snoozed') {
		items.push({ action: 'wake', label: '$(bell) Resume suggestions now' });
	} else {
		for (const [action, minutes] of Object.entries(SnoozeMinutes)) {
			items.push({ action: action as MenuAction, label: `$(bell-slash) Snooze for ${minutes} minutes` });
		}
	}
	if (state === 'ready' || state === 'thinking') {
		items.push({ action: 'alternatives', label: '$(list-flat) Show alternative suggestions', description: 'Alt+\\, then Alt+] / Alt+[' });
	}
	items.push(
		{ action: 'status', label: '$(info) Show status' },
		{ action: 'doctor', label: '$(pulse) Run lspilot doctor', description: 'in the output channel' },
		{ action: 'logs', label: '$(output) Show logs' },
		{ action: 'restartDaemon', label: '$(debug-restart) Restart the shared daemon', description: 'lspilot daemon restart' },
		{ action: 'restart', label: '$(refresh) Restart the server' },
	);
	return items;
}

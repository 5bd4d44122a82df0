// Unit tests of the status bar's state machine and menu (src/statusModel.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Status } from '../src/protocol';
import { MenuAction, StatusInput, menuItems, statusView } from '../src/statusModel';

const details: Status = {
	state: 'ready', backend: 'gpu', backendUrl: 'http://gpu:11434', model: 'qwen2.5-coder:1.5b-base',
	backends: [{ name: 'gpu', url: 'http://gpu:11434', kind: 'ollama', model: 'qwen2.5-coder:1.5b-base' }],
	latency: { samples: 12, p50Ms: 81.4, p95Ms: 190.6, p99Ms: 240 }, lastError: 'gpu: backend unreachable',
	pid: 7, version: 'devel', sessions: 2, totalSessions: 3, uptimeSeconds: 1, openDocuments: 1,
};

const base: StatusInput = {
	client: 'running', params: { busy: false, kind: 'Normal', message: 'lspilot: ready (qwen2.5-coder:1.5b-base on gpu)' },
	details, languageId: 'go', globalOn: true, languageOn: true, snoozedUntil: 0, now: 1_000_000,
};

test('statusView: one state for each situation, the client first, then the user, then the server', () => {
	const tests: { name: string; give: Partial<StatusInput>; state: string; text: string; headline: RegExp; background?: string }[] = [
		{ name: 'ready', give: {}, state: 'ready', text: '$(sparkle) lspilot', headline: /^lspilot: ready \(qwen/ },
		{
			name: 'thinking', give: { params: { ...base.params!, busy: true } },
			state: 'thinking', text: '$(loading~spin) lspilot', headline: /^lspilot: generating$/,
		},
		{
			name: 'no backend', give: { params: { busy: false, kind: 'Warning', message: 'lspilot: no backend configured (run lspilot doctor)' } },
			state: 'no backend', text: '$(warning) lspilot', headline: /no backend configured.*set lspilot.backends$/,
			background: 'statusBarItem.warningBackground',
		},
		{
			name: 'backend down', give: { params: { busy: false, kind: 'Error', message: 'lspilot: backend down: refused' } },
			state: 'backend down', text: '$(error) lspilot', headline: /^lspilot: backend down: refused$/,
			background: 'statusBarItem.errorBackground',
		},
		{
			name: 'busy while down is thinking', give: { params: { busy: true, kind: 'Error', message: 'down' } },
			state: 'thinking', text: '$(loading~spin) lspilot', headline: /generating/,
		},
		{
			name: 'disabled by the server settings', give: { params: { busy: false, kind: 'Inactive', message: 'lspilot: disabled in the settings' } },
			state: 'disabled', text: '$(circle-slash) lspilot', headline: /^lspilot: disabled in the settings$/,
		},
		{ name: 'turned off', give: { globalOn: false }, state: 'disabled', text: '$(circle-slash) lspilot', headline: /turned off$/ },
		{
			name: 'turned off for the language', give: { languageOn: false },
			state: 'disabled', text: '$(circle-slash) lspilot', headline: /turned off for go$/,
		},
		{
			name: 'snoozed beats disabled', give: { globalOn: false, snoozedUntil: 1_000_000 + 14 * 60_000 + 1 },
			state: 'snoozed', text: '$(bell-slash) lspilot 15m', headline: /snoozed for 14m 0s more/,
		},
		{ name: 'a snooze that ended', give: { snoozedUntil: 999_999 }, state: 'ready', text: '$(sparkle) lspilot', headline: /ready/ },
		{
			name: 'no notification yet: lspilot.status decides', give: { params: undefined, details: { ...details, state: 'backend down' } },
			state: 'backend down', text: '$(error) lspilot', headline: /backend down: gpu: backend unreachable/,
			background: 'statusBarItem.errorBackground',
		},
		{ name: 'starting', give: { client: 'starting', snoozedUntil: 2_000_000 }, state: 'starting', text: '$(loading~spin) lspilot', headline: /starting/ },
		{
			name: 'stopped', give: { client: 'stopped' }, state: 'stopped', text: '$(debug-disconnect) lspilot',
			headline: /not running/, background: 'statusBarItem.errorBackground',
		},
	];
	for (const tt of tests) {
		const view = statusView({ ...base, ...tt.give });
		assert.equal(view.state, tt.state, tt.name);
		assert.equal(view.text, tt.text, tt.name);
		assert.match(view.tooltip.split('\n')[0], tt.headline, tt.name);
		assert.equal(view.background, tt.background, tt.name);
	}
});

test('statusView: the tooltip names backend, model and recent latency', () => {
	assert.equal(statusView(base).tooltip, [
		'lspilot: ready (qwen2.5-coder:1.5b-base on gpu)',
		'Backend: gpu (http://gpu:11434), ollama',
		'Model: qwen2.5-coder:1.5b-base',
		'Latency p50/p95: 81/191 ms over the last 12 suggestions',
		'Server: lspilot devel, pid 7, 2 sessions',
		'',
		'Click for the lspilot menu.',
	].join('\n'));
	const down = statusView({ ...base, params: { busy: false, kind: 'Error', message: 'lspilot: backend down' } });
	assert.match(down.tooltip, /^Last error: gpu: backend unreachable$/m);
	const none = statusView({ ...base, details: undefined });
	assert.equal(none.tooltip, 'lspilot: ready (qwen2.5-coder:1.5b-base on gpu)\n\nClick for the lspilot menu.');
});

test('menuItems: what the menu offers in each state', () => {
	const actions = (give: Partial<StatusInput>) => menuItems({ ...base, ...give }).map((i) => i.action);
	const tail: MenuAction[] = ['status', 'doctor', 'logs', 'restartDaemon', 'restart'];
	const tests: { name: string; give: Partial<StatusInput>; want: MenuAction[] }[] = [
		{ name: 'ready', give: {}, want: ['toggle', 'toggleLanguage', 'snooze5', 'snooze15', 'snooze60', 'alternatives', ...tail] },
		{
			name: 'no backend offers to configure one',
			give: { params: { busy: false, kind: 'Warning', message: '' } },
			want: ['configure', 'toggle', 'toggleLanguage', 'snooze5', 'snooze15', 'snooze60', ...tail],
		},
		{ name: 'snoozed offers to resume', give: { snoozedUntil: 2_000_000 }, want: ['toggle', 'toggleLanguage', 'wake', ...tail] },
		{ name: 'no editor: no language entry', give: { languageId: undefined }, want: ['toggle', 'snooze5', 'snooze15', 'snooze60', 'alternatives', ...tail] },
	];
	for (const tt of tests) {
		assert.deepEqual(actions(tt.give), tt.want, tt.name);
	}
	const label = (give: Partial<StatusInput>, action: MenuAction) =>
		menuItems({ ...base, ...give }).find((i) => i.action === action)?.label;
	assert.equal(label({}, 'toggle'), '$(circle-slash) Disable suggestions');
	assert.equal(label({ globalOn: false }, 'toggle'), '$(check) Enable suggestions');
	assert.equal(label({}, 'toggleLanguage'), '$(circle-slash) Disable for go');
	assert.equal(label({ languageOn: false }, 'toggleLanguage'), '$(check) Enable for go');
	assert.equal(label({}, 'snooze15'), '$(bell-slash) Snooze for 15 minutes');
});

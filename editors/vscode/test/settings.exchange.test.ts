// The extension's settings as the real lspilot binary takes them: the
// schema's keys, mapped as the extension maps them, sent as
// initializationOptions and changed through workspace/didChangeConfiguration
// without a restart, reach the status bar's tooltip and state.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
	DidChangeConfigurationNotification,
	ExitNotification,
	InitializeRequest,
	InitializedNotification,
	MessageType,
	ShutdownRequest,
} from 'vscode-languageserver-protocol/node';

import { extensionCapabilities } from './capabilities';
import { Schema, serverKeys, serverSettings, withUnset } from '../src/settings';
import { StatusInput, statusView } from '../src/statusModel';
import { Server, startServer, status } from './server';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Schema;
const keys = serverKeys(schema);

/** settings maps what a user set in VS Code as the extension does. */
const settings = (set: Record<string, unknown>, raw: Record<string, unknown> = {}) =>
	serverSettings(keys, (k) => set[k], raw);

/** view is the status bar item for the server's latest status. */
async function view(server: Server) {
	const input: StatusInput = {
		client: 'running', params: server.statuses.at(-1), details: await status(server.connection), languageId: 'go',
		globalOn: true, languageOn: true, snoozedUntil: 0, now: 0,
	};
	return statusView(input);
}

/** waitForStatus waits until the server's last status notification has kind and message. */
async function waitForStatus(server: Server, kind: string, message: RegExp): Promise<void> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const last = server.statuses.at(-1);
		if (last?.kind === kind && message.test(last.message)) {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(`status notifications ${JSON.stringify(server.statuses)}, want the last ${kind} ${message}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

test('settings reach the server at start and on change, without a restart', { timeout: 30_000 }, async () => {
	const server = startServer(['serve', '--config', '/dev/null']);
	try {
		const { connection } = server;
		// Every server key of the schema at once, at values the server takes: a backend nobody serves.
		const all: Record<string, unknown> = {
			backends: [{ name: 'gpu', kind: 'ollama', url: 'http://127.0.0.1:9', model: 'qwen2.5-coder:1.5b-base', retries: 0 }],
			'completion.maxTokens': 48, 'completion.debounceMs': 50, 'completion.temperature': 0.2, 'completion.warmup': false,
			'hover.deadlineMs': 2000, 'hover.selectionOnly': true, 'codeActions.timeoutMs': 30000, 'fim.template': 'auto',
		};
		await connection.sendRequest(InitializeRequest.type, {
			processId: process.pid, rootUri: null, capabilities: extensionCapabilities(),
			initializationOptions: settings(all, { scheduler: { queueLimit: 8 } }),
		});
		await connection.sendNotification(InitializedNotification.type, {});
		await waitForStatus(server, 'Normal', /qwen2\.5-coder:1\.5b-base on gpu/);
		let v = await view(server);
		assert.equal(v.state, 'ready', v.tooltip);
		assert.match(v.tooltip, /^Backend: gpu \(http:\/\/127\.0\.0\.1:9\), ollama$/m);
		assert.match(v.tooltip, /^Model: qwen2\.5-coder:1\.5b-base$/m);

		// Another model, then every feature off: the tooltip and the state follow.
		const other = settings({ ...all, backends: [{ name: 'gpu', kind: 'ollama', url: 'http://127.0.0.1:9', model: 'starcoder2:3b' }] });
		await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { lspilot: other } });
		await waitForStatus(server, 'Normal', /starcoder2:3b on gpu/);
		v = await view(server);
		assert.match(v.tooltip, /^Model: starcoder2:3b$/m);
		// The user removes every key and turns the features off; the extension unsets what it sent before.
		const off = settings({ 'completion.enabled': false, 'hover.enabled': false, 'codeActions.enabled': false, 'nextEdit.enabled': false });
		await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { lspilot: withUnset(other, off) } });
		await waitForStatus(server, 'Inactive', /disabled/);
		v = await view(server);
		assert.equal(v.state, 'disabled', JSON.stringify(server.statuses));
		assert.equal(v.text, '$(circle-slash) lspilot');
		// Then removes those too: the features are back, and the backend sent at start is gone with the rest.
		await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { lspilot: withUnset(off, settings({})) } });
		await waitForStatus(server, 'Warning', /no backend/);
		v = await view(server);
		assert.equal(v.state, 'no backend', JSON.stringify(server.statuses));
		assert.deepEqual(server.shown.filter((m) => m.type === MessageType.Error), [], 'a setting was refused');

		await connection.sendRequest(ShutdownRequest.type);
		await connection.sendNotification(ExitNotification.type);
		assert.equal(await server.exited, 0, server.stderr());
	} finally {
		server.kill();
	}
});

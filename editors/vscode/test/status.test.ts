// The status the extension's status bar item shows, from the real lspilot
// binary: the didChangeStatus notification and lspilot.status.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ExitNotification, InitializeRequest, InitializedNotification, ShutdownRequest } from 'vscode-languageserver-protocol/node';

import { extensionCapabilities } from './capabilities';
import { statusView } from '../src/statusModel';
import { startServer, status } from './server';

test('without a backend the status bar item warns and says why', { timeout: 30_000 }, async () => {
	const server = startServer(['serve', '--config', '/dev/null']);
	try {
		const { connection } = server;
		await connection.sendRequest(InitializeRequest.type, {
			processId: process.pid, rootUri: null, capabilities: extensionCapabilities(),
		});
		await connection.sendNotification(InitializedNotification.type, {});
		const details = await status(connection);
		assert.equal(details.state, 'no backend');
		assert.deepEqual(details.backends, []);
		assert.equal(server.statuses.length, 1, JSON.stringify(server.statuses));
		const view = statusView({
			client: 'running', params: server.statuses[0], details, languageId: 'go',
			globalOn: true, languageOn: true, snoozedUntil: 0, now: 0,
		});
		assert.equal(view.state, 'no backend');
		assert.equal(view.text, '$(warning) lspilot');
		assert.match(view.tooltip, /no backend configured/);
		assert.match(view.tooltip, /^Backend: none$/m);

		await connection.sendRequest(ShutdownRequest.type);
		await connection.sendNotification(ExitNotification.type);
		assert.equal(await server.exited, 0, server.stderr());
	} finally {
		server.kill();
	}
});

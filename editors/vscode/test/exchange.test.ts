// The LSP exchange the VS Code extension relies on, run against the real
// lspilot binary with the client capabilities the extension sends.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { TextDocument } from 'vscode-languageserver-textdocument';
import {
	DidChangeConfigurationNotification,
	DidChangeTextDocumentNotification,
	DidCloseTextDocumentNotification,
	DidOpenTextDocumentNotification,
	ExecuteCommandRequest,
	ExitNotification,
	InitializeRequest,
	InitializedNotification,
	InlineCompletionItem,
	InlineCompletionRequest,
	InlineCompletionTriggerKind,
	MessageType,
	ShutdownRequest,
	TextDocumentContentChangeEvent,
	TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node';

import { extensionCapabilities } from './capabilities';
import {
	CopilotInlineEditRequest,
	DidPartiallyAcceptCompletionNotification,
	DidShowCompletionNotification,
	DidShowInlineEditNotification,
	NextEditCommands,
	ServerCommands,
} from '../src/protocol';
import { Server, documentState, startServer, status, waitForExit } from './server';

const capabilities = extensionCapabilities();

test('the extension announces inline completion and UTF-16 positions', () => {
	assert.deepEqual(capabilities.general?.positionEncodings, ['utf-16']);
	// false: the extension's own feature replaced the built-in one, which registers dynamically.
	assert.deepEqual(capabilities.textDocument?.inlineCompletion, { dynamicRegistration: false });
	assert.equal(capabilities.workspace?.executeCommand?.dynamicRegistration, true);
	assert.equal(capabilities.textDocument?.synchronization?.didSave, true);
	// StreamingProgressFeature in place of the client's own: the server streams long answers as progress.
	assert.equal(capabilities.window?.workDoneProgress, true);
	assert.ok(capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'), 'code actions resolve their edit');
});

/** Edit is one didChange notification, as VS Code sends it: ranges in UTF-16. */
interface Edit {
	name: string;
	changes: TextDocumentContentChangeEvent[];
}

const at = (line: number, character: number) => ({ line, character });
const span = (l1: number, c1: number, l2: number, c2: number) => ({ start: at(l1, c1), end: at(l2, c2) });

const initialText = 'package main\n\nfunc main() {\n\tprintln("héllo")\n}\n';

// Line 3 is `\tprintln("héllo")`: h at 10, é at 11.
const edits: Edit[] = [
	{ name: 'insert an emoji (a surrogate pair)', changes: [{ range: span(3, 11, 3, 11), text: '😀' }] },
	{ name: 'type after the emoji', changes: [{ range: span(3, 13, 3, 13), text: ' wörld' }] },
	{ name: 'delete the emoji', changes: [{ range: span(3, 11, 3, 13), text: '' }] },
	{
		name: 'two changes in one notification',
		changes: [
			{ range: span(0, 0, 0, 0), text: '// 日本語 🎉\n' },
			{ range: span(4, 1, 4, 8), text: 'fmt.Println' },
		],
	},
	{ name: 'replace across lines', changes: [{ range: span(3, 0, 5, 1), text: 'func main() {\r\n\t_ = "Ω"\r\n}' }] },
	{ name: 'delete a CRLF line break', changes: [{ range: span(3, 13, 4, 0), text: '' }] },
	{ name: 'type at the end', changes: [{ range: span(5, 0, 5, 0), text: 'var x = "🎉🎉"' }] },
];

function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** exchange runs the whole session and returns the pid of the serving process. */
async function exchange(server: Server, dir: string): Promise<number> {
	const { connection } = server;
	const init = await connection.sendRequest(InitializeRequest.type, {
		processId: process.pid,
		clientInfo: { name: 'Visual Studio Code', version: '1.91.0' },
		locale: 'en',
		rootUri: pathToFileURL(dir).href,
		workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'work' }],
		capabilities,
		initializationOptions: { server: { maxMessageBytes: 33554432 } },
		trace: 'off',
	});
	const caps = init.capabilities;
	assert.equal(caps.positionEncoding, 'utf-16');
	assert.ok(caps.inlineCompletionProvider, 'no inlineCompletionProvider');
	const sync = caps.textDocumentSync;
	assert.ok(typeof sync === 'object' && sync.change === TextDocumentSyncKind.Incremental && sync.openClose);
	for (const command of [ServerCommands.documentState, ServerCommands.status]) {
		assert.ok(caps.executeCommandProvider?.commands.includes(command), `${command} not announced`);
	}
	await connection.sendNotification(InitializedNotification.type, {});

	const uri = pathToFileURL(join(dir, 'main.go')).href;
	let doc = TextDocument.create(uri, 'go', 1, initialText);
	await connection.sendNotification(DidOpenTextDocumentNotification.type, {
		textDocument: { uri, languageId: 'go', version: 1, text: initialText },
	});
	await assertInSync(server, doc, 'open');
	for (const edit of edits) {
		doc = TextDocument.update(doc, edit.changes, doc.version + 1);
		await connection.sendNotification(DidChangeTextDocumentNotification.type, {
			textDocument: { uri, version: doc.version },
			contentChanges: edit.changes,
		});
		await assertInSync(server, doc, edit.name);
	}

	const result = await connection.sendRequest(InlineCompletionRequest.type, {
		textDocument: { uri },
		position: at(5, 13), // after the first 🎉
		context: { triggerKind: InlineCompletionTriggerKind.Automatic },
	});
	const items = Array.isArray(result) ? result : result?.items;
	assert.deepEqual(items, [], 'inline completion without a model backend');

	const item: InlineCompletionItem = {
		insertText: 'fmt.Println("🎉 done")',
		range: span(5, 13, 5, 13),
		command: { title: 'Accept', command: ServerCommands.acceptCompletion, arguments: ['lspilot-1'] },
	};
	await connection.sendNotification(DidShowCompletionNotification.type, { item });
	await connection.sendNotification(DidPartiallyAcceptCompletionNotification.type, { item, acceptedLength: 12 });

	// Next edits, as NextEditFeature asks and reports them: a request for a
	// version the server no longer holds answers no edit, as does one
	// without a model backend; the accept and reject commands are announced.
	for (const version of [doc.version - 1, doc.version]) {
		const answer = await connection.sendRequest(CopilotInlineEditRequest.type, {
			textDocument: { uri, version },
			position: at(5, 13),
		});
		assert.deepEqual(answer, { edits: [] }, `next edit at version ${version}`);
	}
	for (const command of [NextEditCommands.accept, NextEditCommands.reject]) {
		assert.ok(caps.executeCommandProvider?.commands.includes(command), `${command} not announced`);
	}
	const shownEdit = { title: 'Accept next edit', command: NextEditCommands.accept, arguments: ['ne-1'] };
	await connection.sendNotification(DidShowInlineEditNotification.type, { item: { command: shownEdit } });
	await connection.sendRequest(ExecuteCommandRequest.type, { command: NextEditCommands.reject, arguments: ['ne-1'] });

	await connection.sendNotification(DidChangeConfigurationNotification.type, {
		settings: { lspilot: { server: { maxMessageBytes: 16777216 } } },
	});
	const st = await status(connection); // after the notifications: they were read and handled
	assert.equal(st.openDocuments, 1);
	assert.deepEqual(errorsShown(server), []);

	await connection.sendNotification(DidChangeConfigurationNotification.type, {
		settings: { lspilot: { server: { maxMessageBytes: 10 } } },
	});
	await status(connection);
	const errors = errorsShown(server);
	assert.equal(errors.length, 1, `want one error for a bad setting, got ${JSON.stringify(errors)}`);
	assert.match(errors[0], /maxMessageBytes/);

	await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
	await connection.sendRequest(ShutdownRequest.type);
	await connection.sendNotification(ExitNotification.type);
	const code = await server.exited;
	assert.equal(code, 0, `lspilot exited with ${code}:\n${server.stderr()}`);
	return st.pid;
}

async function assertInSync(server: Server, doc: TextDocument, step: string): Promise<void> {
	const text = doc.getText();
	const state = await documentState(server.connection, doc.uri);
	const want = {
		uri: doc.uri,
		version: doc.version,
		bytes: Buffer.byteLength(text, 'utf8'),
		lines: doc.lineCount,
		sha256: sha256(text),
	};
	assert.deepEqual(state, want, `after "${step}" the server's text differs from ${JSON.stringify(text)}`);
}

function errorsShown(server: Server): string[] {
	return server.shown.filter((m) => m.type === MessageType.Error).map((m) => m.message);
}

test('exchange with lspilot serve', { timeout: 30_000 }, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'lspilot-vscode-'));
	const server = startServer(['serve']);
	try {
		const pid = await exchange(server, dir);
		assert.equal(pid, server.process.pid);
	} finally {
		server.kill();
		rmSync(dir, { recursive: true, force: true });
	}
});

test('exchange through the shared daemon (the default --remote=auto)', { timeout: 30_000 }, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'lspilot-vscode-'));
	const env = { ...process.env, XDG_RUNTIME_DIR: dir };
	// The daemon outlives its last session by the idle timeout, then exits.
	const server = startServer(['serve', '--remote=auto', '--idle-timeout=1s'], env);
	try {
		const daemon = await exchange(server, dir);
		assert.notEqual(daemon, server.process.pid, 'the session was not forwarded to a daemon');
		await waitForExit(daemon, 15_000);
	} finally {
		server.kill();
		rmSync(dir, { recursive: true, force: true });
	}
});

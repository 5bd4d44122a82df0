// Starts the real lspilot binary and connects to it the way
// vscode-languageclient does: JSON-RPC over the child's stdin and stdout.

import { ChildProcess, spawn } from 'node:child_process';

import {
	ExecuteCommandRequest,
	LogMessageNotification,
	MessageType,
	ProtocolConnection,
	ShowMessageNotification,
	StreamMessageReader,
	StreamMessageWriter,
	createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

import { DidChangeStatusNotification, DocumentState, ServerCommands, Status, StatusParams } from '../src/protocol';

/** lspilotBinary is the binary under test: $LSPILOT_BIN, or lspilot from PATH. */
export const lspilotBinary = process.env.LSPILOT_BIN || 'lspilot';

/** Server is one running lspilot and the client end of its connection. */
export interface Server {
	connection: ProtocolConnection;
	/** Messages the server showed to the user (window/showMessage). */
	shown: { type: MessageType; message: string }[];
	/** The didChangeStatus notifications received, in order. */
	statuses: StatusParams[];
	/** What the server wrote to stderr, for failure messages. */
	stderr(): string;
	/** exited resolves to the exit code once the process ends. */
	exited: Promise<number | null>;
	process: ChildProcess;
	/** kill ends the connection and the process, if it still runs. */
	kill(): void;
}

/** startServer runs `lspilot ...args` and connects to it. */
export function startServer(args: string[], env: NodeJS.ProcessEnv = process.env): Server {
	const child = spawn(lspilotBinary, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (code) => resolve(code));
	});

	const connection = createProtocolConnection(
		new StreamMessageReader(child.stdout),
		new StreamMessageWriter(child.stdin),
	);
	const shown: Server['shown'] = [];
	connection.onNotification(ShowMessageNotification.type, (p) => {
		shown.push(p);
	});
	const statuses: StatusParams[] = [];
	connection.onNotification(DidChangeStatusNotification.type, (p) => {
		statuses.push(p);
	});
	connection.onNotification(LogMessageNotification.type, () => {});
	connection.listen();
	const kill = () => {
		connection.dispose();
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
		}
	};
	return { connection, shown, statuses, stderr: () => stderr, exited, process: child, kill };
}

/** documentState runs lspilot.documentState. */
export async function documentState(connection: ProtocolConnection, uri: string): Promise<DocumentState> {
	const result = await connection.sendRequest(ExecuteCommandRequest.type, {
		command: ServerCommands.documentState,
		arguments: [uri],
	});
	return result as DocumentState;
}

/** status runs lspilot.status. */
export async function status(connection: ProtocolConnection): Promise<Status> {
	const result = await connection.sendRequest(ExecuteCommandRequest.type, {
		command: ServerCommands.status,
		arguments: [],
	});
	return result as Status;
}

/** waitForExit waits until the process pid is gone, or fails after ms. */
export async function waitForExit(pid: number, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(`process ${pid} still runs after ${ms} ms`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

// Running lspilot's own subcommands (doctor, daemon restart) for the user,
// their output in an output channel.

import { spawn } from 'node:child_process';

/** Sink is where a tool's output goes: an output channel. */
export interface Sink {
	append(text: string): void;
	appendLine(text: string): void;
	show(preserveFocus?: boolean): void;
}

/** runTool runs `path ...args`, shows its output in sink and resolves to its exit code (-1 when it did not start). */
export function runTool(sink: Sink, path: string, args: string[]): Promise<number> {
	sink.show(true);
	sink.appendLine(`$ ${[path, ...args].join(' ')}`);
	return new Promise((resolve) => {
		const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.setEncoding('utf8').on('data', (s: string) => sink.append(s));
		child.stderr.setEncoding('utf8').on('data', (s: string) => sink.append(s));
		let failed = false;
		child.on('error', (error) => {
			failed = true;
			sink.appendLine(`${path} did not start: ${error.message}`);
			resolve(-1);
		});
		child.on('close', (code) => {
			if (failed) {
				return;
			}
			sink.appendLine(`(exit ${code ?? 'signal'})`);
			sink.appendLine('');
			resolve(code ?? -1);
		});
	});
}

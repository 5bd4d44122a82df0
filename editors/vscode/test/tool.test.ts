// Unit tests of running lspilot's subcommands into an output channel (src/tool.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Sink, runTool } from '../src/tool';

class Buffer implements Sink {
	text = '';
	shown = false;
	append(s: string): void {
		this.text += s;
	}
	appendLine(s: string): void {
		this.text += s + '\n';
	}
	show(): void {
		this.shown = true;
	}
}

test('runTool shows the command, its output and its exit code', async () => {
	const tests = [
		{ name: 'exit 3', args: ['-e', 'console.log("ok"); console.error("warn"); process.exit(3)'], want: 3, text: /ok\nwarn\n\(exit 3\)/ },
		{ name: 'success', args: ['-e', 'process.stdout.write("done\\n")'], want: 0, text: /done\n\(exit 0\)/ },
	];
	for (const tt of tests) {
		const sink = new Buffer();
		assert.equal(await runTool(sink, process.execPath, tt.args), tt.want, tt.name);
		assert.ok(sink.shown, tt.name);
		assert.ok(sink.text.startsWith(`$ ${process.execPath} -e`), sink.text);
		assert.match(sink.text, tt.text, tt.name);
	}
	const sink = new Buffer();
	assert.equal(await runTool(sink, '/nonexistent/lspilot', ['doctor']), -1);
	assert.match(sink.text, /\/nonexistent\/lspilot did not start: .*ENOENT\n$/);
});

// Unit tests of the streamed text, the refactor preview and the partial
// acceptances seen in document changes.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { WorkspaceEdit } from 'vscode-languageserver-protocol';

import { Pending } from '../src/partialAccept';
import { PreviewAnnotation, withPreview } from '../src/preview';
import { Gap, appendTail, lastLine } from '../src/streamText';

test('appendTail rebuilds an answer from overlapping tails', () => {
	const answer = Array.from({ length: 400 }, (_, i) => `line ${i}\n`).join('');
	const tail = (end: number) => answer.slice(Math.max(0, end - 2048), end);
	let text = '';
	for (let end = 100; end <= answer.length; end += 300) {
		text = appendTail(text, tail(end));
		assert.equal(text, answer.slice(0, end), `at ${end}`);
	}
	const tests = [
		{ name: 'first report', text: '', give: 'abc', want: 'abc' },
		{ name: 'growth', text: 'abc', give: 'abcdef', want: 'abcdef' },
		{ name: 'tail overlaps', text: 'abcdef', give: 'defgh', want: 'abcdefgh' },
		{ name: 'nothing shared', text: 'abc', give: 'xyz', want: 'abc' + Gap + 'xyz' },
		{ name: 'the same report again', text: 'abcdef', give: 'def', want: 'abcdef' },
	];
	for (const tt of tests) {
		assert.equal(appendTail(tt.text, tt.give), tt.want, tt.name);
	}
	assert.equal(lastLine('func f() {\n\treturn 1\n}\n\n'), '}');
	assert.equal(lastLine('x'.repeat(100), 10), '…xxxxxxxxx');
});

test('withPreview asks to confirm every change', () => {
	const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
	const give: WorkspaceEdit = {
		documentChanges: [
			{ textDocument: { uri: 'file:///a.go', version: 3 }, edits: [{ range, newText: '// A\n' }] },
			{ kind: 'create', uri: 'file:///a_test.go' },
			{
				textDocument: { uri: 'file:///a_test.go', version: null },
				edits: [{ range, newText: 'package a\n', annotationId: 'lspilot.protected.0' }],
			},
		],
		changeAnnotations: { 'lspilot.protected.0': { label: 'Protected file', needsConfirmation: true } },
	};
	const got = withPreview(give, 'Add doc comment with AI');
	assert.deepEqual(got, {
		documentChanges: [
			{ textDocument: { uri: 'file:///a.go', version: 3 }, edits: [{ range, newText: '// A\n', annotationId: PreviewAnnotation }] },
			{ kind: 'create', uri: 'file:///a_test.go', annotationId: PreviewAnnotation },
			{
				textDocument: { uri: 'file:///a_test.go', version: null },
				edits: [{ range, newText: 'package a\n', annotationId: 'lspilot.protected.0' }],
			},
		],
		changeAnnotations: {
			'lspilot.protected.0': { label: 'Protected file', needsConfirmation: true },
			[PreviewAnnotation]: {
				label: 'Add doc comment with AI',
				description: 'Proposed by the model: review it, then apply or discard it.',
				needsConfirmation: true,
			},
		},
	});
	const plain = withPreview({ changes: { 'file:///b.go': [{ range, newText: 'x' }] } }, 'Fix');
	assert.deepEqual(plain.documentChanges, [
		{ textDocument: { uri: 'file:///b.go', version: null }, edits: [{ range, newText: 'x', annotationId: PreviewAnnotation }] },
	]);
	assert.equal(give.documentChanges?.length, 3, 'the input is left alone');
});

test('Pending sees words and lines taken from a suggestion', () => {
	const ins = (offset: number, text: string, removed = 0) => [{ offset, removed, text }];
	// "fmt.Println" typed "fmt." before the suggestion showed at offset 10.
	const tests: { name: string; changes: { offset: number; removed: number; text: string }[]; want?: number; done: boolean }[] = [
		{ name: 'a word', changes: ins(10, 'Println'), want: 11, done: false },
		{ name: 'one typed character is not reported', changes: ins(17, '('), want: undefined, done: false },
		{ name: 'the next word', changes: ins(18, '"hi"'), want: 16, done: false },
		{ name: 'the whole rest is a full acceptance', changes: ins(22, ')\n'), want: undefined, done: true },
	];
	const p = new Pending('item', 10, 'Println("hi")\n', 4);
	for (const tt of tests) {
		assert.equal(p.change(tt.changes), tt.want, tt.name);
		assert.equal(p.done, tt.done, tt.name);
	}
	const other = [
		{ name: 'elsewhere', changes: ins(3, 'Pr') },
		{ name: 'other text', changes: ins(10, 'Printf') },
		{ name: 'a deletion', changes: ins(9, '', 1) },
		{ name: 'two changes', changes: [...ins(10, 'Pr'), ...ins(20, 'x')] },
	];
	for (const tt of other) {
		const q = new Pending('item', 10, 'Println("hi")\n', 4);
		assert.equal(q.change(tt.changes), undefined, tt.name);
		assert.equal(q.done, true, tt.name);
		assert.equal(q.change(ins(10, 'Println')), undefined, `${tt.name}: nothing after`);
	}
});

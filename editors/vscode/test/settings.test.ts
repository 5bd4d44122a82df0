// Unit tests of the settings the extension sends the server and of where
// suggestions are on (src/settings.ts), over the real package.json.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { Gate, Schema, doctorArgs, enabledFor, serverKeys, serverSettings, withLanguage, withUnset } from '../src/settings';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Schema;

test('serverKeys: the schema declares the backends and the completion, hover and code action keys', () => {
	const keys = serverKeys(schema);
	for (const key of ['backends', 'completion.enabled', 'completion.maxTokens', 'hover.enabled', 'hover.deadlineMs',
		'codeActions.enabled', 'codeActions.timeoutMs', 'fim.template']) {
		assert.ok(keys.includes(key), key);
	}
	for (const key of ['path', 'args', 'enable', 'settings', 'trace.server', 'previewCodeActions']) {
		assert.ok(!keys.includes(key), `${key} is the extension's own`);
	}
});

test('serverSettings: only the keys the user set, over lspilot.settings', () => {
	const keys = serverKeys(schema);
	const backends = [{ url: 'http://127.0.0.1:11434', model: 'qwen2.5-coder:1.5b-base' }];
	const tests: {
		name: string;
		set: Record<string, unknown>;
		raw?: Record<string, unknown>;
		want: Record<string, unknown>;
	}[] = [
		{ name: 'nothing set sends nothing', set: {}, want: {} },
		{
			name: 'keys of their own nest as in config.toml',
			set: { backends, 'completion.maxTokens': 48, 'completion.enabled': false, 'hover.enabled': false },
			want: { backends, completion: { maxTokens: 48, enabled: false }, hover: { enabled: false } },
		},
		{
			name: 'raw settings pass, keys of their own win',
			set: { 'completion.maxTokens': 48 },
			raw: { completion: { maxTokens: 10, numCtx: 8192 }, scheduler: { queueLimit: 16 } },
			want: { completion: { maxTokens: 48, numCtx: 8192 }, scheduler: { queueLimit: 16 } },
		},
		{
			name: 'the extension keys are not sent',
			set: { previewCodeActions: false, enable: { '*': false }, 'codeActions.timeoutMs': 1000 },
			want: { codeActions: { timeoutMs: 1000 } },
		},
	];
	for (const tt of tests) {
		const raw = structuredClone(tt.raw ?? {});
		assert.deepEqual(serverSettings(keys, (k) => tt.set[k], raw), tt.want, tt.name);
		assert.deepEqual(raw, tt.raw ?? {}, `${tt.name}: lspilot.settings itself unchanged`);
	}
});

test('enabledFor and withLanguage', () => {
	const tests: { name: string; enable: Record<string, boolean>; lang?: string; want: boolean }[] = [
		{ name: 'default', enable: {}, lang: 'go', want: true },
		{ name: 'off everywhere', enable: { '*': false }, lang: 'go', want: false },
		{ name: 'language over star', enable: { '*': false, go: true }, lang: 'go', want: true },
		{ name: 'other language', enable: { '*': true, markdown: false }, lang: 'go', want: true },
		{ name: 'no language: the star', enable: { '*': false, go: true }, want: false },
	];
	for (const tt of tests) {
		assert.equal(enabledFor(tt.enable, tt.lang), tt.want, tt.name);
	}
	assert.deepEqual(withLanguage({ '*': true }, 'go', false), { '*': true, go: false });
	assert.deepEqual(withLanguage({ '*': true, go: false }, 'go', true), { '*': true });
	assert.deepEqual(withLanguage({ '*': false }, 'go', true), { '*': false, go: true });
});

test('Gate: snoozes end by themselves', () => {
	const gate = new Gate({ '*': true, markdown: false });
	assert.equal(gate.open('go', 0), true);
	assert.equal(gate.open('markdown', 0), false);
	gate.snooze(5, 1000);
	assert.equal(gate.open('go', 1000 + 5 * 60_000 - 1), false);
	assert.equal(gate.snoozed(1000 + 5 * 60_000), false);
	assert.equal(gate.open('go', 1000 + 5 * 60_000), true);
	gate.snooze(60, 0);
	gate.wake();
	assert.equal(gate.open('go', 1), true);
});

test('doctorArgs checks the backend the settings name', () => {
	const tests: { name: string; give: Record<string, unknown>; want: string[] }[] = [
		{ name: 'none: the config file', give: {}, want: ['doctor'] },
		{ name: 'empty list', give: { backends: [] }, want: ['doctor'] },
		{
			name: 'the first',
			give: { backends: [{ url: 'http://gpu:8000/v1', model: 'm', kind: 'openai' }, { url: 'http://other' }] },
			want: ['doctor', '--backend', 'http://gpu:8000/v1', '--model', 'm', '--backend-kind', 'openai'],
		},
		{ name: 'llama.cpp without a model', give: { backends: [{ url: 'http://127.0.0.1:8080' }] }, want: ['doctor', '--backend', 'http://127.0.0.1:8080'] },
	];
	for (const tt of tests) {
		assert.deepEqual(doctorArgs(tt.give), tt.want, tt.name);
	}
});

test('withUnset: null for what was sent before and is gone, arrays replaced whole', () => {
	const cases: { previous: Record<string, unknown>; next: Record<string, unknown>; want: Record<string, unknown> }[] = [
		{ previous: {}, next: { completion: { maxTokens: 48 } }, want: { completion: { maxTokens: 48 } } },
		{ previous: { completion: { maxTokens: 48 } }, next: {}, want: { completion: null } },
		{
			previous: { completion: { maxTokens: 48, debounceMs: 50 } }, next: { completion: { debounceMs: 60 } },
			want: { completion: { maxTokens: null, debounceMs: 60 } },
		},
		{ previous: { backends: [{ url: 'a' }, { url: 'b' }] }, next: { backends: [{ url: 'c' }] }, want: { backends: [{ url: 'c' }] } },
		{ previous: { backends: [{ url: 'a' }] }, next: { hover: { enabled: false } }, want: { backends: null, hover: { enabled: false } } },
	];
	for (const c of cases) {
		assert.deepEqual(withUnset(c.previous, c.next), c.want, JSON.stringify(c));
	}
});

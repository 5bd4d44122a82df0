// Unit tests of the pure helpers in src/protocol.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PartialAccepts, Status, describeStatus, formatDuration } from '../src/protocol';

test('PartialAccepts reports each growth of an acceptance once', () => {
	const a = {};
	const b = {};
	const tests: { name: string; key: object; give: number | { acceptedLength: number }; want: number | undefined }[] = [
		{ name: 'first word', key: a, give: 4, want: 4 },
		{ name: 'the same, as an info object', key: a, give: { acceptedLength: 4 }, want: undefined },
		{ name: 'next word', key: a, give: { acceptedLength: 9 }, want: 9 },
		{ name: 'the same, as a length', key: a, give: 9, want: undefined },
		{ name: 'another item', key: b, give: 9, want: 9 },
		{ name: 'nothing accepted', key: b, give: 0, want: undefined },
		{ name: 'not a number', key: b, give: Number.NaN, want: undefined },
	];
	const accepts = new PartialAccepts<object>();
	for (const tt of tests) {
		assert.equal(accepts.next(tt.key, tt.give), tt.want, tt.name);
	}
});

test('describeStatus', () => {
	const give: Status = { pid: 42, version: 'v1.2.3', sessions: 2, totalSessions: 9, uptimeSeconds: 3725, openDocuments: 1 };
	assert.equal(describeStatus(give), 'lspilot v1.2.3 (pid 42): 2 sessions, 1 open document, up 1h 2m');
});

test('formatDuration', () => {
	const tests = [
		{ give: 0, want: '0s' },
		{ give: 59.9, want: '59s' },
		{ give: 61, want: '1m 1s' },
		{ give: 7200, want: '2h 0m' },
		{ give: -5, want: '0s' },
	];
	for (const tt of tests) {
		assert.equal(formatDuration(tt.give), tt.want, String(tt.give));
	}
});

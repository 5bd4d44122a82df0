// Unit tests of the pure helpers in src/protocol.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	PartialAccepts,
	Status,
	StatusDetails,
	StatusParams,
	describeStatus,
	formatDuration,
} from '../src/protocol';

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

test('describeStatus with a state', () => {
	const give: Status = {
		state: 'backend down', model: 'qwen2.5-coder:1.5b-base', pid: 7, version: 'devel',
		sessions: 1, totalSessions: 1, uptimeSeconds: 5, openDocuments: 0,
	};
	assert.equal(describeStatus(give), 'lspilot devel (pid 7): backend down, qwen2.5-coder:1.5b-base; 1 session, 0 open documents, up 5s');
});

test('StatusDetails asks on change and otherwise rarely', () => {
	const ready: StatusParams = { busy: false, kind: 'Normal', message: 'ready' };
	const busy: StatusParams = { ...ready, busy: true };
	const down: StatusParams = { busy: false, kind: 'Error', message: 'down' };
	const tests: { name: string; give: StatusParams; now: number; want: boolean }[] = [
		{ name: 'first', give: ready, now: 0, want: true },
		{ name: 'busy flip', give: busy, now: 100, want: false },
		{ name: 'idle again, soon', give: ready, now: 200, want: false },
		{ name: 'busy later', give: busy, now: 9000, want: false },
		{ name: 'idle, later', give: ready, now: 9100, want: true },
		{ name: 'kind changes', give: down, now: 9200, want: true },
	];
	const d = new StatusDetails(5000);
	for (const tt of tests) {
		assert.equal(d.due(tt.give, tt.now), tt.want, tt.name);
	}
});

test('StatusDetails.later owes an idle tooltip one refresh', () => {
	const ready: StatusParams = { busy: false, kind: 'Normal', message: 'ready' };
	const busy: StatusParams = { ...ready, busy: true };
	const d = new StatusDetails(5000);
	assert.equal(d.due(ready, 0), true);
	assert.equal(d.later(ready, 0), -1, 'just asked');
	assert.equal(d.due(busy, 1000), false);
	assert.equal(d.later(busy, 1000), -1, 'busy: the idle one that follows decides');
	assert.equal(d.due(ready, 1500), false);
	assert.equal(d.later(ready, 1500), 3500, 'idle: ask when refreshMs has passed');
	d.asked(5000);
	assert.equal(d.due(ready, 5100), false);
	assert.equal(d.later(ready, 5100), 4900);
});

// A stand-in for the 'vscode' module, installed when this module loads, so
// that the extension's language client can be constructed in plain Node and
// asked which client capabilities it sends. Every member is a callable,
// constructible no-op; vscode.version is the lowest version the extension
// supports.

import Module from 'node:module';

/** StubVersion is what the stand-in reports as vscode.version. */
export const StubVersion = '1.91.0';

function stub(): unknown {
	const target = function () {};
	return new Proxy(target, {
		get(t, key) {
			if (key === 'then') {
				return undefined; // not a promise
			}
			if (key === 'prototype') {
				return t.prototype;
			}
			return stub();
		},
		construct: () => stub() as object,
		apply: () => stub(),
	});
}

const vscode = new Proxy(
	{},
	{
		get(_, key) {
			return key === 'version' ? StubVersion : stub();
		},
	},
);

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const modules = Module as unknown as { _load: Load };
const load = modules._load;
modules._load = function (request: string, parent: unknown, isMain: boolean): unknown {
	return request === 'vscode' ? vscode : load.call(this, request, parent, isMain);
};

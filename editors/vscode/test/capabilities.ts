// The client capabilities that the extension sends in initialize, computed by
// its own language client (vscode-languageclient) over the 'vscode' stand-in.

import './vscodeStub';

import { ClientCapabilities } from 'vscode-languageserver-protocol';

import { DefaultSettings, LspilotClient } from '../src/client';
import { StreamView } from '../src/streamView';

/** extensionCapabilities returns what LspilotClient puts in initialize's capabilities. */
export function extensionCapabilities(): ClientCapabilities {
	const client = new LspilotClient(DefaultSettings, new StreamView());
	// computeClientCapabilities is private to vscode-languageclient; if a
	// new version renames it, this fails rather than guess.
	const compute = (client as unknown as { computeClientCapabilities?: () => ClientCapabilities })
		.computeClientCapabilities;
	if (typeof compute !== 'function') {
		throw new Error('vscode-languageclient no longer has computeClientCapabilities');
	}
	return compute.call(client);
}

// Partial acceptance seen in the document's changes. VS Code tells a
// provider that the user accepted a word or a line of a suggestion only
// through a proposed API; where that API is missing, the extension watches
// the document: an insertion at the suggestion's place of its next two or
// more characters, but not all of them, is a partial acceptance (the whole
// rest is a full one, which the suggestion's command reports). This module
// must not import 'vscode'.

/** Insertion is one change of a document: text put at offset, replacing removed characters. */
export interface Insertion {
	offset: number;
	removed: number;
	text: string;
}

/** Pending is a suggestion on screen: its text still to come, where it goes, and how much of it is taken. */
export class Pending<K> {
	constructor(
		/** key identifies the suggestion to the reporter. */
		readonly key: K,
		/** offset is where the rest goes, in UTF-16 code units. */
		private offset: number,
		/** rest is the text still to come. */
		private rest: string,
		/** accepted is how much of the insert text precedes rest: what was typed before it showed, then what was taken. */
		private accepted: number,
	) {}

	/**
	 * change returns the accepted length to report when changes (one
	 * document change event) took part of the rest, or undefined; any other
	 * change ends the suggestion (done turns true).
	 */
	change(changes: Insertion[]): number | undefined {
		if (this.done) {
			return undefined;
		}
		const c = changes.length === 1 ? changes[0] : undefined;
		if (!c || c.removed !== 0 || c.offset !== this.offset || !this.rest.startsWith(c.text) || c.text.length >= this.rest.length) {
			this.done = true;
			return undefined;
		}
		this.offset += c.text.length;
		this.rest = this.rest.slice(c.text.length);
		this.accepted += c.text.length;
		return c.text.length >= 2 ? this.accepted : undefined;
	}

	/** done is true once the document changed otherwise than by taking part of the suggestion. */
	done = false;
}

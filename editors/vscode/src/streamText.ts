// Rebuilding the text of a long request from its progress reports. The
// server reports the growing answer's last 2 KiB each time, so a long answer
// arrives as overlapping tails. This module must not import 'vscode'.

/** Gap marks where reports came too far apart to overlap. */
export const Gap = '\n…\n';

/**
 * appendTail returns the answer known so far, text, extended by report: the
 * latest tail of the answer. The longest end of text that report starts with
 * is the overlap; a report that shares nothing with text follows it after a
 * Gap. An empty text takes the report as it is.
 */
export function appendTail(text: string, report: string): string {
	if (text === '' || report.startsWith(text)) {
		return report;
	}
	for (let k = Math.max(0, text.length - report.length); k < text.length; k++) {
		if (report.startsWith(text.slice(k))) {
			return text + report.slice(text.length - k);
		}
	}
	return text + Gap + report;
}

/** lastLine returns the last non-empty line of text, cut to max characters from its end. */
export function lastLine(text: string, max = 80): string {
	const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
	const line = lines.at(-1) ?? '';
	return line.length > max ? '…' + line.slice(line.length - max + 1) : line;
}

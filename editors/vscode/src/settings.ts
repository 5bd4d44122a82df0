// The extension's settings as the server sees them, and where the user
// turned suggestions off. This module must not import 'vscode': the tests
// load it in plain Node.

/**
 * ServerSections are the first members of the `lspilot.*` settings that are
 * server configuration keys (those of config.toml); the others belong to the
 * extension.
 */
export const ServerSections = ['backends', 'completion', 'hover', 'codeActions', 'nextEdit', 'fim', 'privacy', 'scheduler', 'server'];

/** Schema is the part of package.json that declares the settings. */
export interface Schema {
	contributes: { configuration: { properties: Record<string, unknown> } };
}

/** serverKeys returns the server keys that the schema declares as settings of their own, e.g. completion.maxTokens. */
export function serverKeys(schema: Schema): string[] {
	return Object.keys(schema.contributes.configuration.properties)
		.map((key) => key.replace(/^lspilot\./, ''))
		.filter((key) => ServerSections.includes(key.split('.')[0]));
}

/**
 * serverSettings returns what the server is sent as initializationOptions
 * and in workspace/didChangeConfiguration: the raw `lspilot.settings` object
 * with the keys of their own that the user set (explicit returns undefined
 * for a key left at its default) merged over it. Keys left at their defaults
 * are not sent, so the config file's values stay in force.
 */
export function serverSettings(
	keys: string[],
	explicit: (key: string) => unknown,
	raw: Record<string, unknown> = {},
): Record<string, unknown> {
	// A copy through JSON: VS Code's configuration objects are read-only proxies that structuredClone refuses.
	let out = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
	for (const key of keys) {
		const value = explicit(key);
		if (value !== undefined) {
			out = setPath(out, key.split('.'), value);
		}
	}
	return out;
}

/**
 * withUnset returns next with null for every key that previous set and next
 * does not: the server then drops what it was sent before for that key, in
 * initializationOptions too, and the config file's value or the default
 * applies again. Arrays are values, not objects to descend into.
 */
export function withUnset(previous: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...next };
	for (const [key, old] of Object.entries(previous)) {
		const now = next[key];
		if (now === undefined) {
			out[key] = null;
		} else if (isObject(old) && isObject(now)) {
			out[key] = withUnset(old, now);
		}
	}
	return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** setPath returns obj with the member at path set to value, creating objects on the way. */
function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
	const [head, ...rest] = path;
	if (rest.length === 0) {
		return { ...obj, [head]: value };
	}
	const sub = obj[head];
	const inner = typeof sub === 'object' && sub !== null && !Array.isArray(sub) ? (sub as Record<string, unknown>) : {};
	return { ...obj, [head]: setPath(inner, rest, value) };
}

/** EnableMap is the `lspilot.enable` setting: "*" for every language, and languages of their own. */
export type EnableMap = Record<string, boolean>;

/** enabledFor reports whether suggestions are on for languageId under enable. */
export function enabledFor(enable: EnableMap | undefined, languageId: string | undefined): boolean {
	if (languageId !== undefined && typeof enable?.[languageId] === 'boolean') {
		return enable[languageId];
	}
	return enable?.['*'] ?? true;
}

/**
 * Gate decides whether the extension asks the server for anything in a
 * language at a time: the enable map, and a snooze that ends by itself.
 */
export class Gate {
	/** snoozedUntil is when the snooze ends, in ms since the epoch; 0 when none. */
	snoozedUntil = 0;

	constructor(public enable: EnableMap = { '*': true }) {}

	/** snooze turns suggestions off for minutes from now (ms). */
	snooze(minutes: number, now: number): void {
		this.snoozedUntil = now + minutes * 60_000;
	}

	/** wake ends a snooze. */
	wake(): void {
		this.snoozedUntil = 0;
	}

	/** snoozed reports whether a snooze runs at now. */
	snoozed(now: number): boolean {
		return now < this.snoozedUntil;
	}

	/** open reports whether suggestions may be asked for languageId at now. */
	open(languageId: string | undefined, now: number): boolean {
		return !this.snoozed(now) && enabledFor(this.enable, languageId);
	}
}

/** withLanguage returns enable with languageId turned on or off; a language that matches "*" loses its own entry. */
export function withLanguage(enable: EnableMap, languageId: string, on: boolean): EnableMap {
	const out = { ...enable };
	if ((enable['*'] ?? true) === on) {
		delete out[languageId];
	} else {
		out[languageId] = on;
	}
	return out;
}

/**
 * doctorArgs returns the arguments of `lspilot doctor` that check what the
 * editor's settings configure: the first of their backends, when they name
 * any (the doctor takes one on its command line); else the config file's.
 */
export function doctorArgs(server: Record<string, unknown>): string[] {
	const first = Array.isArray(server.backends) ? (server.backends[0] as Record<string, unknown> | undefined) : undefined;
	if (typeof first?.url !== 'string') {
		return ['doctor'];
	}
	const args = ['doctor', '--backend', first.url];
	if (typeof first.model === 'string') {
		args.push('--model', first.model);
	}
	if (typeof first.kind === 'string') {
		args.push('--backend-kind', first.kind);
	}
	return args;
}

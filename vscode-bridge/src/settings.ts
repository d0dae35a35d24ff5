import table from "./generated/settings-table.json"
import { jsonType, RequestError } from "./protocol"

/**
 * Roo's settings as the bridge sees them.
 *
 * Roo 3.52.1's `API.getConfiguration()` (src/extension/api.ts) is
 * `Object.fromEntries(Object.entries(provider.getValues()).filter(([key]) => !isSecretStateKey(key)))`,
 * and `provider.getValues()` is `contextProxy.getValues()` (src/core/config/ContextProxy.ts): one entry
 * for every key Roo knows, GLOBAL_STATE_KEYS and the secret keys, with `undefined` where unset. So the
 * live key set comes from the running extension; the secret keys are the keys of getValues() that
 * getConfiguration() leaves out, together with SECRET_STATE_KEYS and GLOBAL_SECRET_KEYS
 * (packages/types/src/global-settings.ts) as the build-time table has them.
 */

interface TableEntry {
	types: string[] | "any"
}

const KNOWN_TYPES: Record<string, TableEntry> = (table as { keys: Record<string, TableEntry> }).keys
const TABLE_SECRET_KEYS: readonly string[] = (table as { secretKeys: string[] }).secretKeys

/** Read by getSettings? Task history is not a setting and can be large. */
export const NOT_SETTINGS = new Set(["taskHistory"])

/** Keys setSettings refuses, with the reason. */
const READ_ONLY: Record<string, string> = {
	taskHistory: "it is Roo's task history, not a setting",
	currentApiConfigName: "the active provider profile is changed with the activateProfile op",
	listApiConfigMeta: "the list of provider profiles is managed by Roo's profile functions",
}

export interface SettingsView {
	/** Every key Roo knows, secret or not. */
	known: Set<string>
	/** The keys Roo keeps in secret storage. */
	secret: Set<string>
}

export function settingsView(configuration: Record<string, unknown>, allValues?: Record<string, unknown>): SettingsView {
	const secret = new Set<string>(TABLE_SECRET_KEYS)
	const known = new Set<string>(Object.keys(configuration))
	if (allValues) {
		for (const key of Object.keys(allValues)) {
			known.add(key)
			if (!Object.hasOwn(configuration, key)) secret.add(key)
		}
	}
	for (const key of secret) known.add(key)
	return { known, secret }
}

/** Settings without secrets, without task history, without unset keys. */
export function publicSettings(configuration: Record<string, unknown>, view: SettingsView): Record<string, unknown> {
	const out: Record<string, unknown> = {}
	for (const [key, value] of Object.entries(configuration)) {
		if (value === undefined || view.secret.has(key) || NOT_SETTINGS.has(key)) continue
		out[key] = value
	}
	return out
}

export function secretsSet(allValues: Record<string, unknown>, view: SettingsView): string[] {
	return [...view.secret].filter((key) => hasValue(allValues[key])).sort()
}

function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null && value !== ""
}

/**
 * Checks a setSettings request and returns the values to write, with null turned into undefined
 * (unset) where Roo's schema does not take null. Throws `invalid` naming every bad key; the message
 * never contains a value.
 */
export function validateChanges(
	values: Record<string, unknown>,
	view: SettingsView,
	current: Record<string, unknown>,
	rooName: string,
): Record<string, unknown> {
	const problems: string[] = []
	const out: Record<string, unknown> = {}
	for (const [key, value] of Object.entries(values)) {
		if (Object.hasOwn(READ_ONLY, key)) {
			problems.push(`"${key}" cannot be set here: ${READ_ONLY[key]}`)
			continue
		}
		if (!view.known.has(key)) {
			problems.push(`"${key}" is not a setting of ${rooName}; check the spelling`)
			continue
		}
		const expected = expectedTypes(key, view, current)
		const actual = jsonType(value)
		if (value === null && !(expected !== "any" && expected.includes("null"))) {
			out[key] = undefined
			continue
		}
		if (expected !== "any" && !expected.includes(actual)) {
			problems.push(`"${key}" takes ${describeTypes(expected)}, not ${article(actual)}`)
			continue
		}
		out[key] = value
	}
	if (problems.length > 0) {
		throw new RequestError(
			"invalid",
			`Nothing was changed. ${problems.join("; ")}. Send only known settings, with values of the right type (null unsets a setting).`,
		)
	}
	return out
}

function expectedTypes(key: string, view: SettingsView, current: Record<string, unknown>): string[] | "any" {
	if (view.secret.has(key)) return ["string"]
	if (Object.hasOwn(KNOWN_TYPES, key)) return KNOWN_TYPES[key]!.types
	// A key the running extension has but the build-time table lacks (a newer Roo, or a fork):
	// judge by the value it holds now, if any.
	const now = current[key]
	return now === undefined ? "any" : [jsonType(now)]
}

function describeTypes(types: string[]): string {
	const named = types.map(article)
	return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(", ")} or ${named.at(-1)}`
}

function article(type: string): string {
	switch (type) {
		case "null":
			return "null"
		case "array":
		case "object":
			return `an ${type}`
		default:
			return `a ${type}`
	}
}

/** Whether two values differ, as JSON sees them (undefined and absent are the same). */
export function differs(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) !== JSON.stringify(b)
}

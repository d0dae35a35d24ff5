/** The bridge's wire protocol: see docs/BRIDGE.md, which the relay is written from. */

export const PROTOCOL_VERSION = 1

export const BRIDGE_ID = "rooremote.roo-remote-bridge"

/** A line longer than this (in bytes, without its newline) is refused and the connection closed. */
export const MAX_LINE_BYTES = 1024 * 1024

/** A client that has not sent a valid hello within this time is disconnected. */
export const HELLO_TIMEOUT_MS = 10_000

/** Codes of {"type":"error"} frames, after which the bridge closes the connection. */
export type ConnectionErrorCode =
	| "unauthorized"
	| "unsupported_protocol"
	| "hello_required"
	| "hello_timeout"
	| "line_too_long"
	| "bad_frame"
	| "shutting_down"

/** Codes of failed responses; the connection stays open. */
export type ResponseErrorCode =
	| "invalid"
	| "unsupported"
	| "no_pending_ask"
	| "stale_ask"
	| "unknown_profile"
	| "too_large"
	| "failed"

export class RequestError extends Error {
	constructor(
		readonly code: ResponseErrorCode,
		message: string,
	) {
		super(message)
	}
}

export interface Capability {
	available: boolean
	how?: string
	reason?: string
}

export type JsonObject = Record<string, unknown>

export function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** The JSON type of a value as the protocol names it. */
export function jsonType(value: unknown): "null" | "array" | "object" | "string" | "number" | "boolean" | "other" {
	if (value === null) return "null"
	if (Array.isArray(value)) return "array"
	switch (typeof value) {
		case "object":
			return "object"
		case "string":
			return "string"
		case "number":
			return "number"
		case "boolean":
			return "boolean"
		default:
			return "other"
	}
}

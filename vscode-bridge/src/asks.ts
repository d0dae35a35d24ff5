/**
 * Pending asks, as Roo Code 3.52.1 keeps them (src/core/task/Task.ts, `ask()`):
 *
 * - `ask()` sets `lastMessageTs = askTs`, appends `{ ts: askTs, type: "ask", ask, text, partial? }` to
 *   `clineMessages`, clears `askResponse`, then waits until `askResponse !== undefined` or
 *   `lastMessageTs !== askTs` (a later message supersedes the ask).
 * - `approveAsk()` / `denyAsk()` call `handleWebviewAskResponse("yesButtonClicked" | "noButtonClicked")`,
 *   which sets `askResponse` (and marks a `tool` or `followup` ask `isAnswered`).
 * - A partial ask (still streaming) is never waited on: its final version replaces it with the same ts.
 *
 * So the ask Roo is waiting on is the message whose ts is `lastMessageTs`, of type "ask", not partial,
 * while `askResponse` is still undefined and the task is not aborted.
 */

export interface ClineMessageLike {
	ts: number
	type: string
	ask?: string
	text?: string
	partial?: boolean
	isAnswered?: boolean
	isProtected?: boolean
}

export interface TaskLike {
	taskId: string
	clineMessages?: ClineMessageLike[]
	lastMessageTs?: number
	askResponse?: unknown
	abort?: boolean
	approveAsk?: (answer?: { text?: string; images?: string[] }) => void
	denyAsk?: (answer?: { text?: string; images?: string[] }) => void
}

/** The ask the task is blocked on now, or undefined. */
export function pendingAsk(task: TaskLike): ClineMessageLike | undefined {
	if (task.abort === true || task.askResponse !== undefined) return undefined
	const messages = Array.isArray(task.clineMessages) ? task.clineMessages : []
	const ts = task.lastMessageTs
	if (typeof ts !== "number") return undefined
	for (let i = messages.length - 1; i >= 0; i--) {
		const message = messages[i]
		if (message?.ts !== ts) continue
		if (message.type !== "ask" || message.partial === true || message.isAnswered === true) return undefined
		return message
	}
	return undefined
}

const MAX_DETAIL_CHARS = 2000

/**
 * What an ask is about, for the relay's audit log, from the ask's text where Roo puts it:
 * - `tool`: JSON (ClineSayTool in packages/types/src/vscode-extension-host.ts), e.g.
 *   `{"tool":"newFileCreated","path":"hello.txt","content":"…"}`. Reported: tool, path and the other
 *   short string/boolean fields; never file contents or diffs.
 * - `command`: the command line itself (ExecuteCommandTool: `askApproval("command", canonicalCommand)`).
 * - `use_mcp_server`: JSON `{"type":"use_mcp_tool"|"access_mcp_resource","serverName",…}`.
 * - `followup`: JSON `{"question","suggest":[…]}`; reported: question.
 */
export function describeAsk(message: ClineMessageLike): Record<string, unknown> {
	const text = typeof message.text === "string" ? message.text : ""
	const detail: Record<string, unknown> = {}
	switch (message.ask) {
		case "command":
			detail.command = clip(text)
			break
		case "tool":
		case "use_mcp_server":
		case "followup": {
			const parsed = parseObject(text)
			if (parsed) {
				for (const key of [
					"tool",
					"type",
					"path",
					"serverName",
					"toolName",
					"uri",
					"mode",
					"reason",
					"question",
					"isOutsideWorkspace",
				]) {
					const value = parsed[key]
					if (typeof value === "string") detail[key] = clip(value)
					else if (typeof value === "boolean") detail[key] = value
				}
			}
			break
		}
		default:
			break
	}
	if (message.isProtected === true) detail.isProtected = true
	return detail
}

function parseObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text)
		return typeof value === "object" && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined
	} catch {
		return undefined
	}
}

function clip(text: string): string {
	return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text
}

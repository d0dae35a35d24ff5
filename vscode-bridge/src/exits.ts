import { isPlainObject, type JsonObject } from "./protocol"

/**
 * Exit statuses of the commands a task ran, read from Roo's own records of the task.
 *
 * Roo 3.52.1 (src/core/tools/ExecuteCommandTool.ts) puts a command's exit status only into the tool
 * result it sends to the model: "Command executed in terminal within working directory '…'. Exit code: N"
 * (or "Process terminated by signal SIG…", or "Exit code: <undefined, notify user>"). Roo keeps that
 * result in the task's `apiConversationHistory` (what it saves as api_conversation_history.json) as a
 * `tool_result` block answering the assistant's `execute_command` `tool_use` block. The command itself
 * is in the task's `clineMessages`: a `command` ask (every call that reaches Roo's approval step has one,
 * auto-approved or not) followed by one `command_output` say message.
 */

/** How a command ended: exactly one of the two is set. */
export type ExitStatus = { exitCode: number; signal?: never } | { signal: string; exitCode?: never }

/** One command's exit status, tied to the message that shows its output. */
export interface CommandExit {
	taskId: string
	/** The ts of the command's `command_output` message, or of its `command` ask when it had none. */
	ts: number
	exitCode?: number
	signal?: string
}

/** Roo's ClineMessage, the fields read here. */
export interface MessageLike {
	ts?: unknown
	type?: unknown
	ask?: unknown
	say?: unknown
	text?: unknown
}

const STATUS =
	/Command executed in (?:terminal within working directory )?'[^\n]*?'\. (?:Command execution was not successful, inspect the cause and adjust as needed\.\n)?(?:Exit code: (-?\d{1,10})(?!\d)|Process terminated by signal ([A-Za-z0-9_+-]{1,32}))/

/**
 * The exit status in the text of an execute_command tool result, or undefined when it has none (the
 * command was denied, still runs, or Roo could not tell its exit code).
 */
export function parseExitStatus(result: string): ExitStatus | undefined {
	// Feedback given with the approval comes first, inside <feedback>…</feedback>; never read from it.
	const feedbackEnd = result.indexOf("</feedback>")
	const match = STATUS.exec(feedbackEnd >= 0 ? result.slice(feedbackEnd) : result)
	if (!match) return undefined
	if (match[1] !== undefined) {
		const exitCode = Number(match[1])
		return Number.isSafeInteger(exitCode) ? { exitCode } : undefined
	}
	return { signal: match[2] }
}

/** The text of a tool_result block's content (a string, or text blocks). */
function resultText(content: unknown): string {
	if (typeof content === "string") return content
	if (!Array.isArray(content)) return ""
	return content
		.filter((block) => isPlainObject(block) && block.type === "text" && typeof block.text === "string")
		.map((block) => (block as JsonObject).text as string)
		.join("\n")
}

/** Roo sanitizes tool call ids in its tool results; both sides are compared in that form. */
function sameId(id: string): string {
	return id.replace(/[^a-zA-Z0-9_-]/g, "_")
}

function blocks(entry: unknown): JsonObject[] {
	if (!isPlainObject(entry) || !Array.isArray(entry.content)) return []
	return entry.content.filter(isPlainObject)
}

/**
 * The exit statuses known for a task: each execute_command call in `history` whose result carries an exit
 * status, tied to the output message of its command in `messages`. Calls are matched to `command` asks in
 * order, by command line (the next ask with the same line; if none has it, the next ask).
 */
export function commandExits(taskId: string, history: unknown, messages: unknown): CommandExit[] {
	if (!Array.isArray(history) || !Array.isArray(messages)) return []
	const results = new Map<string, string>()
	for (const entry of history) {
		if (!isPlainObject(entry) || entry.role !== "user") continue
		for (const block of blocks(entry)) {
			if (block.type === "tool_result" && typeof block.tool_use_id === "string") {
				results.set(sameId(block.tool_use_id), resultText(block.content))
			}
		}
	}
	const asks: number[] = []
	messages.forEach((message: MessageLike, index) => {
		if (isPlainObject(message) && message.type === "ask" && message.ask === "command" && typeof message.ts === "number") {
			asks.push(index)
		}
	})

	const exits: CommandExit[] = []
	let next = 0 // the first ask not yet matched to a call
	for (const entry of history) {
		if (!isPlainObject(entry) || entry.role !== "assistant") continue
		for (const block of blocks(entry)) {
			if (block.type !== "tool_use" || block.name !== "execute_command" || typeof block.id !== "string") continue
			const input = isPlainObject(block.input) ? block.input : {}
			const command = typeof input.command === "string" ? input.command.trim() : ""
			if (command === "") continue // refused before Roo's approval step: no ask
			if (next >= asks.length) return exits
			const same = asks.findIndex((at, i) => i >= next && String((messages[at] as MessageLike).text ?? "").trim() === command)
			const askIndex = asks[same >= 0 ? same : next]
			next = (same >= 0 ? same : next) + 1
			const result = results.get(sameId(block.id))
			if (result === undefined) return exits // not answered yet: later calls are not either
			const status = parseExitStatus(result)
			if (!status) continue
			const end = next < asks.length ? asks[next] : messages.length
			let ts = (messages[askIndex] as MessageLike).ts as number
			for (let i = askIndex + 1; i < end; i++) {
				const message = messages[i] as MessageLike
				if (isPlainObject(message) && message.type === "say" && message.say === "command_output" && typeof message.ts === "number") {
					ts = message.ts
					break
				}
			}
			exits.push({ taskId, ts, ...status })
		}
	}
	return exits
}

/** Where the watcher reads the current task from: Roo's Task object, or undefined when none runs. */
export type CurrentTask = () => { taskId: string; apiConversationHistory?: unknown; clineMessages?: unknown } | undefined

/** How many reported statuses are remembered so that none is sent twice. */
const REPORTED_LIMIT = 2000

/**
 * Looks at Roo's current task every `intervalMs` and sends a `commandExit` event for each exit status it
 * has not sent before. Roo writes a tool result into the task's history when it sends the result to the
 * model, right after the command ended, so a status arrives a moment after the command's output.
 */
export class CommandExitWatcher {
	private readonly reported = new Set<string>()
	private timer: NodeJS.Timeout | undefined

	constructor(
		private readonly current: CurrentTask,
		private readonly send: (event: JsonObject) => void,
		private readonly log: (message: string) => void,
	) {}

	start(intervalMs: number): void {
		this.timer = setInterval(() => this.poll(), intervalMs)
		this.timer.unref()
	}

	stop(): void {
		clearInterval(this.timer)
	}

	/** Every exit status known for the current task, as events: sent to a client right after its hello. */
	known(): JsonObject[] {
		return this.read().map(event)
	}

	poll(): void {
		for (const exit of this.read()) {
			const key = `${exit.taskId}\u0000${exit.ts}`
			if (this.reported.has(key)) continue
			this.reported.add(key)
			if (this.reported.size > REPORTED_LIMIT) {
				const oldest = this.reported.values().next().value
				if (oldest !== undefined) this.reported.delete(oldest)
			}
			this.log(`commandExit: task ${exit.taskId} message ${exit.ts} ${exit.signal ?? `exit ${exit.exitCode}`}`)
			this.send(event(exit))
		}
	}

	private read(): CommandExit[] {
		try {
			const task = this.current()
			if (!task || typeof task.taskId !== "string") return []
			return commandExits(task.taskId, task.apiConversationHistory, task.clineMessages)
		} catch (error) {
			this.log(`reading command exit statuses failed: ${error instanceof Error ? error.name : typeof error}`)
			return []
		}
	}
}

function event(exit: CommandExit): JsonObject {
	return { event: "commandExit", ...exit }
}

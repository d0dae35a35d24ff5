import { createHash, timingSafeEqual } from "node:crypto"
import { promises as fs } from "node:fs"
import * as net from "node:net"

import {
	type ConnectionErrorCode,
	HELLO_TIMEOUT_MS,
	isPlainObject,
	type JsonObject,
	MAX_LINE_BYTES,
	PROTOCOL_VERSION,
	RequestError,
} from "./protocol"

export interface ServerHandlers {
	/** The hello answer (without "type" and "protocol"), once the client has proved the secret. */
	hello(): Promise<JsonObject>
	request(op: string, request: JsonObject): Promise<JsonObject>
	/** Events to send a client right after its hello (what it may have missed while disconnected). */
	greeted?(): JsonObject[]
}

/** Compares secrets in constant time: hashes first, so different lengths take the same path. */
export function secretsMatch(given: string, expected: string): boolean {
	const a = createHash("sha256").update(given, "utf8").digest()
	const b = createHash("sha256").update(expected, "utf8").digest()
	return timingSafeEqual(a, b)
}

/**
 * The bridge's Unix socket: newline-delimited JSON, one object per line (docs/BRIDGE.md). Only the
 * socket's owner can connect (mode 0600), and a client must then prove the session secret.
 */
export class BridgeServer {
	private readonly server: net.Server
	private readonly connections = new Set<Connection>()
	private closed = false

	constructor(
		readonly socketPath: string,
		private readonly secret: string,
		private readonly handlers: ServerHandlers,
		private readonly log: (message: string) => void,
	) {
		this.server = net.createServer((socket) => {
			if (this.closed) {
				socket.destroy()
				return
			}
			const connection = new Connection(socket, this.secret, this.handlers, this.log)
			this.connections.add(connection)
			socket.on("close", () => this.connections.delete(connection))
		})
	}

	async listen(): Promise<void> {
		await removeStaleSocket(this.socketPath)
		// The socket file is created by listen(); the umask makes it 0600 from the start, the chmod
		// makes sure of it.
		const previousUmask = process.umask(0o177)
		try {
			await new Promise<void>((resolve, reject) => {
				const onError = (error: Error) => reject(error)
				this.server.once("error", onError)
				this.server.listen(this.socketPath, () => {
					this.server.off("error", onError)
					resolve()
				})
			})
		} finally {
			process.umask(previousUmask)
		}
		await fs.chmod(this.socketPath, 0o600)
		this.server.on("error", (error) => this.log(`socket server error: ${error.message}`))
	}

	/** Sends an event line to every client that has completed its hello. */
	broadcast(event: JsonObject): void {
		for (const connection of this.connections) connection.sendEvent(event)
	}

	async close(): Promise<void> {
		if (this.closed) return
		this.closed = true
		for (const connection of this.connections) connection.fail("shutting_down", "The bridge is shutting down.")
		await new Promise<void>((resolve) => this.server.close(() => resolve()))
		await fs.rm(this.socketPath, { force: true }).catch(() => undefined)
	}
}

/**
 * Removes a socket file left behind by an earlier run. A path that is not a socket is left alone, and
 * so is a socket another process still answers on.
 */
async function removeStaleSocket(socketPath: string): Promise<void> {
	let stat
	try {
		stat = await fs.lstat(socketPath)
	} catch {
		return
	}
	if (!stat.isSocket()) {
		throw new Error(`${socketPath} exists and is not a socket; not replacing it`)
	}
	const alive = await new Promise<boolean>((resolve) => {
		const probe = net.connect(socketPath)
		probe.once("connect", () => {
			probe.destroy()
			resolve(true)
		})
		probe.once("error", () => resolve(false))
	})
	if (alive) {
		throw new Error(`another process is listening on ${socketPath}`)
	}
	await fs.rm(socketPath, { force: true })
}

class Connection {
	private authenticated = false
	private closing = false
	private pending: Buffer[] = []
	private pendingBytes = 0
	private queue: Promise<void> = Promise.resolve()
	private readonly helloTimer: NodeJS.Timeout
	private readonly decoder = new TextDecoder("utf-8", { fatal: true })

	constructor(
		private readonly socket: net.Socket,
		private readonly secret: string,
		private readonly handlers: ServerHandlers,
		private readonly log: (message: string) => void,
	) {
		this.helloTimer = setTimeout(
			() => this.fail("hello_timeout", `No hello within ${HELLO_TIMEOUT_MS / 1000} s; send the hello line first.`),
			HELLO_TIMEOUT_MS,
		)
		socket.on("data", (chunk: Buffer) => this.onData(chunk))
		socket.on("error", () => undefined)
		socket.on("close", () => clearTimeout(this.helloTimer))
	}

	private onData(chunk: Buffer): void {
		let start = 0
		while (!this.closing) {
			const newline = chunk.indexOf(0x0a, start)
			if (newline === -1) {
				const rest = chunk.subarray(start)
				if (this.pendingBytes + rest.length > MAX_LINE_BYTES) {
					this.tooLong()
					return
				}
				if (rest.length > 0) {
					this.pending.push(rest)
					this.pendingBytes += rest.length
				}
				return
			}
			const part = chunk.subarray(start, newline)
			if (this.pendingBytes + part.length > MAX_LINE_BYTES) {
				this.tooLong()
				return
			}
			const line = this.pending.length === 0 ? part : Buffer.concat([...this.pending, part])
			this.pending = []
			this.pendingBytes = 0
			start = newline + 1
			this.onLine(line)
		}
	}

	private tooLong(): void {
		this.fail("line_too_long", `A line was longer than ${MAX_LINE_BYTES} bytes; lines are limited to 1 MiB.`)
	}

	private onLine(raw: Buffer): void {
		let text: string
		try {
			text = this.decoder.decode(raw)
		} catch {
			this.fail("bad_frame", "A line was not valid UTF-8.")
			return
		}
		if (text.endsWith("\r")) text = text.slice(0, -1)
		if (text.trim() === "") return
		let frame: unknown
		try {
			frame = JSON.parse(text)
		} catch {
			this.fail("bad_frame", "A line was not valid JSON; send one JSON object per line.")
			return
		}
		if (!isPlainObject(frame)) {
			this.fail("bad_frame", "A line was not a JSON object; send one JSON object per line.")
			return
		}
		// Lines are handled one after the other, in the order they came.
		const message = frame
		this.queue = this.queue.then(() => this.onFrame(message)).catch((error: unknown) => {
			this.log(`internal error: ${error instanceof Error ? error.name : typeof error}`)
			this.fail("bad_frame", "The bridge could not handle a line.")
		})
	}

	private async onFrame(frame: JsonObject): Promise<void> {
		if (this.closing) return
		if (!this.authenticated) {
			await this.onHello(frame)
			return
		}
		if (frame.type !== "request") {
			this.fail("bad_frame", `Expected a request frame ({"type":"request","id":…,"op":…}), got type ${JSON.stringify(frame.type ?? null)}.`)
			return
		}
		const id = frame.id
		if (typeof id !== "number" || !Number.isSafeInteger(id)) {
			this.fail("bad_frame", `A request needs an integer "id".`)
			return
		}
		if (typeof frame.op !== "string") {
			this.respondError(id, "invalid", `The request has no "op"; name the operation to run.`)
			return
		}
		try {
			const result = await this.handlers.request(frame.op, frame)
			this.respond(id, result)
		} catch (error) {
			if (error instanceof RequestError) {
				this.respondError(id, error.code, error.message)
			} else {
				this.log(`op ${frame.op} failed: ${error instanceof Error ? error.name : typeof error}`)
				this.respondError(id, "failed", `The operation "${frame.op}" failed inside the bridge. See the Roo Remote Bridge output in VS Code.`)
			}
		}
	}

	private async onHello(frame: JsonObject): Promise<void> {
		if (frame.type !== "hello") {
			this.fail("hello_required", `The first line must be the hello: {"type":"hello","protocol":${PROTOCOL_VERSION},"secret":"…"}.`)
			return
		}
		if (typeof frame.secret !== "string" || !secretsMatch(frame.secret, this.secret)) {
			this.log("refused a client: wrong secret")
			this.fail("unauthorized", "The secret is wrong. Use the secret of this VS Code session (ROO_REMOTE_BRIDGE_SECRET).")
			return
		}
		if (frame.protocol !== PROTOCOL_VERSION) {
			this.fail(
				"unsupported_protocol",
				`This bridge speaks protocol ${PROTOCOL_VERSION}, not ${JSON.stringify(frame.protocol ?? null)}. Update the relay or the bridge so they match.`,
			)
			return
		}
		clearTimeout(this.helloTimer)
		const hello = await this.handlers.hello()
		if (this.closing) return
		this.authenticated = true
		this.send({ type: "hello", protocol: PROTOCOL_VERSION, ...hello })
		this.log("client connected")
		for (const event of this.handlers.greeted?.() ?? []) this.sendEvent(event)
	}

	sendEvent(event: JsonObject): void {
		if (this.authenticated && !this.closing) this.send({ type: "event", ...event })
	}

	private respond(id: number, result: JsonObject): void {
		const line = JSON.stringify({ type: "response", id, ok: true, result })
		if (Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES) {
			this.respondError(id, "too_large", "The answer would be longer than 1 MiB, so it was not sent.")
			return
		}
		this.writeLine(line)
	}

	private respondError(id: number, code: string, message: string): void {
		this.send({ type: "response", id, ok: false, error: { code, message } })
	}

	private send(frame: JsonObject): void {
		this.writeLine(JSON.stringify(frame))
	}

	private writeLine(line: string): void {
		if (!this.socket.destroyed && this.socket.writable) this.socket.write(`${line}\n`)
	}

	/** Sends an error frame and closes the connection. */
	fail(code: ConnectionErrorCode, message: string): void {
		if (this.closing) return
		this.send({ type: "error", code, message })
		this.closing = true
		this.pending = []
		clearTimeout(this.helloTimer)
		this.socket.end()
		setTimeout(() => this.socket.destroy(), 1000).unref()
	}
}

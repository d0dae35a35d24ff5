"use strict"
// Loads the built extension (dist/extension.js) with `require("vscode")` resolved to the stand-in,
// starts it the way VS Code would, and talks to it over its real Unix socket.

const Module = require("node:module")
const fs = require("node:fs")
const net = require("node:net")
const os = require("node:os")
const path = require("node:path")

const stubPath = path.join(__dirname, "vscode-stub.cjs")
const originalResolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
	if (request === "vscode") return stubPath
	return originalResolve.call(this, request, ...rest)
}

const vscode = require("vscode")
const bridge = require(path.join(__dirname, "..", "dist", "extension.js"))
const fake = require("./fake-roo.cjs")

const SECRET = "test-secret-6f1d0c"

function tempSocketPath() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rrb-"))
	return path.join(dir, "bridge.sock")
}

/**
 * Activates the bridge with the given extensions installed. `env` overrides the two environment
 * variables (undefined removes one). Returns the activation result and a stop().
 */
async function startBridge({ extensions = [], env, configuration = {} } = {}) {
	vscode.testState.extensions.clear()
	for (const entry of extensions) vscode.testState.extensions.set(entry.id.toLowerCase(), entry)
	vscode.testState.configuration = { "rooRemoteBridge.readyTimeoutSeconds": 0, ...configuration }
	const socketPath = tempSocketPath()
	const wanted = { ROO_REMOTE_BRIDGE_SOCKET: socketPath, ROO_REMOTE_BRIDGE_SECRET: SECRET, ...env }
	const saved = {}
	for (const [name, value] of Object.entries(wanted)) {
		saved[name] = process.env[name]
		if (value === undefined) delete process.env[name]
		else process.env[name] = value
	}
	const context = { subscriptions: [], extension: { packageJSON: { version: "0.1.0" } } }
	let status
	try {
		status = await bridge.activate(context)
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name]
			else process.env[name] = value
		}
	}
	return {
		status,
		socketPath,
		async stop() {
			await bridge.deactivate()
		},
	}
}

/** A Roo 3.52.1 stand-in installed under Roo's id, with a provider and (optionally) a running task. */
function rooSetup({ zoo = false } = {}) {
	const provider = fake.newProvider()
	const api = zoo ? new fake.ZooApi(provider) : new fake.RooApi(provider)
	const id = zoo ? "ZooCodeOrganization.zoo-code" : "RooVeterinaryInc.roo-cline"
	const entry = fake.extensionEntry(id, zoo ? "3.78.0" : "3.52.1", api)
	return { provider, api, entry }
}

/** A line-oriented client of the bridge socket. */
class Client {
	constructor(socketPath) {
		this.socket = net.connect(socketPath)
		this.lines = []
		this.waiters = []
		this.buffer = ""
		this.nextId = 1
		this.ended = false
		this.socket.setEncoding("utf8")
		this.socket.on("data", (text) => {
			this.buffer += text
			let newline
			while ((newline = this.buffer.indexOf("\n")) !== -1) {
				const line = this.buffer.slice(0, newline)
				this.buffer = this.buffer.slice(newline + 1)
				this.lines.push(JSON.parse(line))
				this.flush()
			}
		})
		this.socket.on("error", () => {})
		this.closed = new Promise((resolve) => this.socket.on("close", resolve)).then(() => {
			this.ended = true
			this.flush()
		})
		this.connected = new Promise((resolve, reject) => {
			this.socket.once("connect", resolve)
			this.socket.once("error", reject)
		})
	}

	flush() {
		while (this.waiters.length > 0 && (this.lines.length > 0 || this.ended)) {
			const waiter = this.waiters.shift()
			waiter(this.lines.length > 0 ? this.lines.shift() : null)
		}
	}

	/** The next line from the bridge, or null once the connection closed. */
	next(timeoutMs = 5000) {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error("no line from the bridge in time")), timeoutMs)
			this.waiters.push((line) => {
				clearTimeout(timer)
				resolve(line)
			})
			this.flush()
		})
	}

	sendRaw(text) {
		this.socket.write(text)
	}

	send(frame) {
		this.sendRaw(`${JSON.stringify(frame)}\n`)
	}

	async hello(secret = SECRET, protocol = 1) {
		this.send({ type: "hello", protocol, secret })
		return this.next()
	}

	async request(op, params = {}) {
		const id = this.nextId++
		this.send({ type: "request", id, op, ...params })
		const line = await this.next()
		if (line === null || line.type !== "response" || line.id !== id) {
			throw new Error(`expected the response to ${id}, got ${JSON.stringify(line)}`)
		}
		return line
	}

	close() {
		this.socket.destroy()
	}
}

async function connect(socketPath) {
	const client = new Client(socketPath)
	await client.connected
	return client
}

/** Waits until `condition()` is true. */
async function until(condition, timeoutMs = 3000) {
	const deadline = Date.now() + timeoutMs
	while (!condition()) {
		if (Date.now() > deadline) throw new Error("condition not met in time")
		await new Promise((resolve) => setTimeout(resolve, 5))
	}
}

module.exports = { SECRET, vscode, fake, startBridge, rooSetup, connect, until }

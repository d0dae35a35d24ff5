"use strict"
const { test } = require("node:test")
const assert = require("node:assert/strict")
const { spawnSync } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const os = require("node:os")
const path = require("node:path")

const { SECRET, vscode, startBridge, rooSetup, connect } = require("../testing/harness.cjs")

test("hello names the bridge, the Roo in use and what it can do", async (t) => {
	const roo = rooSetup()
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	assert.equal(bridge.status.listening, true)

	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(hello.type, "hello")
	assert.equal(hello.protocol, 1)
	assert.deepEqual(hello.bridge, { id: "rooremote.roo-remote-bridge", version: "0.1.0" })
	assert.deepEqual(hello.roo, { id: "RooVeterinaryInc.roo-cline", version: "3.52.1", ready: false })
	assert.deepEqual(hello.tried, ["RooVeterinaryInc.roo-cline"])
	assert.equal(hello.status, "ok")
	assert.deepEqual(hello.capabilities.approve, { available: true, how: "task" })
	assert.deepEqual(hello.capabilities.deny, { available: true, how: "task" })
	assert.equal(hello.capabilities.readSettings.available, true)
	assert.equal(hello.capabilities.writeSettings.available, true)
	assert.equal(hello.capabilities.profiles.available, true)
})

test("Zoo Code's approveCurrentAsk is the approve path when Roo is not installed", async (t) => {
	const zoo = rooSetup({ zoo: true })
	const bridge = await startBridge({ extensions: [zoo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.deepEqual(hello.tried, ["RooVeterinaryInc.roo-cline", "ZooCodeOrganization.zoo-code"])
	assert.equal(hello.roo.id, "ZooCodeOrganization.zoo-code")
	assert.deepEqual(hello.capabilities.approve, { available: true, how: "approveCurrentAsk" })
})

test("an extension that is not yet active is activated", async (t) => {
	const roo = rooSetup()
	roo.entry.isActive = false
	roo.entry.exports = undefined
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(roo.entry.activationCount, 1)
	assert.equal(hello.status, "ok")
	assert.equal(hello.capabilities.approve.available, true)
})

test("no installed extension of the configured ids: a clear status and nothing available", async (t) => {
	const bridge = await startBridge({
		extensions: [rooSetup().entry],
		configuration: { "rooRemoteBridge.extensionIds": ["Acme.not-roo", "Other.missing"] },
	})
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(hello.roo, null)
	assert.deepEqual(hello.tried, ["Acme.not-roo", "Other.missing"])
	assert.equal(hello.status, "not_installed")
	assert.match(hello.message, /Acme\.not-roo, Other\.missing/)
	for (const capability of Object.values(hello.capabilities)) {
		assert.equal(capability.available, false)
		assert.match(capability.reason, /None of the configured Roo Code extensions is installed/)
	}
	const response = await client.request("getSettings")
	assert.equal(response.ok, false)
	assert.equal(response.error.code, "unsupported")
})

test("a wrong secret is refused and the connection closed", async (t) => {
	const bridge = await startBridge({ extensions: [rooSetup().entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	const answer = await client.hello("not-the-secret")
	assert.equal(answer.type, "error")
	assert.equal(answer.code, "unauthorized")
	assert.ok(!answer.message.includes(SECRET))
	assert.equal(await client.next(), null)
})

test("an unsupported protocol version is refused", async (t) => {
	const bridge = await startBridge({ extensions: [rooSetup().entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	const answer = await client.hello(SECRET, 2)
	assert.equal(answer.type, "error")
	assert.equal(answer.code, "unsupported_protocol")
	assert.equal(await client.next(), null)
})

test("a request before the hello is refused", async (t) => {
	const roo = rooSetup()
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	client.send({ type: "request", id: 1, op: "getSettings" })
	const answer = await client.next()
	assert.equal(answer.type, "error")
	assert.equal(answer.code, "hello_required")
	assert.equal(await client.next(), null)
})

test("a line over 1 MiB is refused and the connection closed", async (t) => {
	const bridge = await startBridge({ extensions: [rooSetup().entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	assert.equal((await client.hello()).type, "hello")
	client.sendRaw(`{"type":"request","id":1,"op":"getSettings","pad":"${"x".repeat(1024 * 1024)}"}\n`)
	const answer = await client.next()
	assert.equal(answer.type, "error")
	assert.equal(answer.code, "line_too_long")
	assert.equal(await client.next(), null)
})

test("a line of exactly 1 MiB is still read", async (t) => {
	const bridge = await startBridge({ extensions: [rooSetup().entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	assert.equal((await client.hello()).type, "hello")
	const head = `{"type":"request","id":7,"op":"listProfiles","pad":"`
	const tail = `"}`
	client.sendRaw(`${head}${"y".repeat(1024 * 1024 - head.length - tail.length)}${tail}\n`)
	const answer = await client.next()
	assert.equal(answer.type, "response")
	assert.equal(answer.id, 7)
	assert.equal(answer.ok, true)
})

test("the socket file is created with mode 0600", { skip: process.platform === "win32" }, async (t) => {
	const bridge = await startBridge({ extensions: [rooSetup().entry] })
	t.after(() => bridge.stop())
	assert.equal(fs.statSync(bridge.socketPath).mode & 0o777, 0o600)
})

test("a stale socket file left by a killed process is replaced", { skip: process.platform === "win32" }, async (t) => {
	const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rrb-")), "stale.sock")
	// A process that dies by SIGKILL while listening leaves its socket file behind.
	spawnSync(process.execPath, [
		"-e",
		`require("net").createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, "SIGKILL"))`,
	])
	assert.equal(fs.lstatSync(socketPath).isSocket(), true)
	const bridge = await startBridge({ extensions: [rooSetup().entry], env: { ROO_REMOTE_BRIDGE_SOCKET: socketPath } })
	t.after(() => bridge.stop())
	assert.equal(bridge.status.listening, true)
	const client = await connect(socketPath)
	t.after(() => client.close())
	assert.equal((await client.hello()).type, "hello")
})

test("a socket another process still listens on is left alone", { skip: process.platform === "win32" }, async (t) => {
	const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rrb-")), "taken.sock")
	const other = net.createServer((socket) => socket.end())
	await new Promise((resolve) => other.listen(socketPath, resolve))
	t.after(() => new Promise((resolve) => other.close(resolve)))
	const bridge = await startBridge({ extensions: [rooSetup().entry], env: { ROO_REMOTE_BRIDGE_SOCKET: socketPath } })
	t.after(() => bridge.stop())
	assert.equal(bridge.status.listening, false)
	assert.match(bridge.status.reason, /another process is listening/)
	assert.equal(fs.lstatSync(socketPath).isSocket(), true)
})

test("without ROO_REMOTE_BRIDGE_SECRET the bridge does not listen", async () => {
	const bridge = await startBridge({ extensions: [rooSetup().entry], env: { ROO_REMOTE_BRIDGE_SECRET: undefined } })
	assert.equal(bridge.status.listening, false)
	assert.match(bridge.status.reason, /ROO_REMOTE_BRIDGE_SECRET/)
	assert.equal(fs.existsSync(bridge.socketPath), false)
	await bridge.stop()
})

test("without ROO_REMOTE_BRIDGE_SOCKET the bridge stays idle and says why", async () => {
	vscode.testState.output.length = 0
	const bridge = await startBridge({ extensions: [rooSetup().entry], env: { ROO_REMOTE_BRIDGE_SOCKET: undefined } })
	assert.equal(bridge.status.listening, false)
	assert.equal(bridge.status.socketPath, null)
	assert.ok(vscode.testState.output.some((line) => line.includes("ROO_REMOTE_BRIDGE_SOCKET is not set")))
	await bridge.stop()
})

test("the socket file is removed when the bridge stops", async () => {
	const bridge = await startBridge({ extensions: [rooSetup().entry] })
	assert.equal(fs.existsSync(bridge.socketPath), true)
	await bridge.stop()
	assert.equal(fs.existsSync(bridge.socketPath), false)
})

test("rooReady is pushed once Roo's webview has launched", async (t) => {
	const roo = rooSetup()
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(hello.roo.ready, false)
	roo.provider.viewLaunched = true
	assert.deepEqual(await client.next(3000), { type: "event", event: "rooReady" })
})

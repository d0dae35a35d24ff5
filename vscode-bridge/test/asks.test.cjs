"use strict"
const { test } = require("node:test")
const assert = require("node:assert/strict")

const { startBridge, rooSetup, connect, until } = require("../testing/harness.cjs")

async function setup(t, options) {
	const roo = rooSetup(options)
	t.after(() => roo.provider.abortAll())
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(hello.type, "hello")
	return { ...roo, client }
}

/** Starts an ask on the task and returns its ts and the promise of the answer Roo gets. */
async function ask(task, type, text) {
	const before = task.clineMessages.length
	const answered = task.ask(type, text)
	answered.catch(() => {}) // asks left open when a test ends are aborted
	await until(() => task.clineMessages.length > before)
	return { askTs: task.clineMessages.at(-1).ts, answered }
}

const WRITE = JSON.stringify({ tool: "newFileCreated", path: "hello.txt", content: "hello from real roo\n", isOutsideWorkspace: false })

test("approve answers exactly the pending ask and says what was approved", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const { askTs, answered } = await ask(task, "tool", WRITE)

	const response = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(response.ok, true, JSON.stringify(response))
	assert.deepEqual(response.result, {
		taskId: "task-1",
		askTs,
		ask: "tool",
		how: "task",
		detail: { tool: "newFileCreated", path: "hello.txt", isOutsideWorkspace: false },
	})
	assert.deepEqual(await answered, { response: "yesButtonClicked", text: undefined, images: undefined })
})

test("approve of a command ask reports the command line", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const { askTs, answered } = await ask(task, "command", "echo roo-cmd-ok")
	const response = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(response.ok, true)
	assert.equal(response.result.ask, "command")
	assert.deepEqual(response.result.detail, { command: "echo roo-cmd-ok" })
	assert.equal((await answered).response, "yesButtonClicked")
})

test("a repeated approve of the same ask is refused, also after Roo has taken the first answer", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	// A command ask: Roo does not mark it isAnswered, and until its next message lastMessageTs still
	// points at it, so only the bridge's own memory stops the second click.
	const { askTs, answered } = await ask(task, "command", "rm -rf build")
	assert.equal((await client.request("approve", { taskId: "task-1", askTs })).ok, true)
	await answered
	assert.equal(task.lastMessageTs, askTs)

	const again = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(again.ok, false)
	assert.equal(again.error.code, "stale_ask")
	assert.match(again.error.message, /already answered/)
	assert.equal(task.askResponse, undefined)
})

test("a repeated approve before Roo has taken the first answer is refused", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const { askTs } = await ask(task, "tool", WRITE)
	const [first, second] = await Promise.all([
		client.request("approve", { taskId: "task-1", askTs }),
		client.request("approve", { taskId: "task-1", askTs }),
	])
	assert.equal(first.ok, true)
	assert.equal(second.ok, false)
	assert.equal(second.error.code, "stale_ask")
})

test("approving an older ask never approves the one pending now", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const first = await ask(task, "command", "echo first")
	task.denyAsk()
	await first.answered
	task.say("command_output", "first")
	const second = await ask(task, "command", "echo second")

	const response = await client.request("approve", { taskId: "task-1", askTs: first.askTs })
	assert.equal(response.ok, false)
	assert.equal(response.error.code, "stale_ask")
	assert.ok(response.error.message.includes(String(second.askTs)), response.error.message)
	assert.equal(task.askResponse, undefined, "the pending ask must stay unanswered")
})

test("an ask of another task is refused", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-2")
	const { askTs } = await ask(task, "tool", WRITE)
	const response = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(response.ok, false)
	assert.equal(response.error.code, "stale_ask")
	assert.equal(task.askResponse, undefined)
})

test("nothing pending: no task, an answered ask, a partial ask, a superseded ask", async (t) => {
	const { provider, client } = await setup(t)
	let response = await client.request("approve", { taskId: "task-1", askTs: 1 })
	assert.equal(response.error.code, "no_pending_ask")
	assert.match(response.error.message, /No task is running/)

	const task = provider.startTask("task-1")
	const answeredInVsCode = await ask(task, "tool", WRITE)
	task.approveAsk()
	await answeredInVsCode.answered
	response = await client.request("approve", { taskId: "task-1", askTs: answeredInVsCode.askTs })
	assert.equal(response.error.code, "no_pending_ask")

	const partialTs = task.partialAsk("tool", JSON.stringify({ tool: "newFileCreated", path: "a" }))
	response = await client.request("approve", { taskId: "task-1", askTs: partialTs })
	assert.equal(response.error.code, "no_pending_ask")
	assert.equal(task.askResponse, undefined)

	const superseded = await ask(task, "command", "echo x")
	task.say("text", "a later message")
	await assert.rejects(superseded.answered, /superseded/)
	response = await client.request("approve", { taskId: "task-1", askTs: superseded.askTs })
	assert.equal(response.error.code, "no_pending_ask")
})

test("an aborted task has nothing to approve", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const { askTs } = await ask(task, "tool", WRITE)
	task.abort = true
	const response = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(response.error.code, "no_pending_ask")
	assert.equal(task.askResponse, undefined)
})

test("deny answers the pending ask with the feedback text", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const { askTs, answered } = await ask(task, "tool", WRITE)
	const response = await client.request("deny", { taskId: "task-1", askTs, text: "not that file" })
	assert.equal(response.ok, true)
	assert.equal(response.result.how, "task")
	assert.equal(response.result.ask, "tool")
	assert.deepEqual(await answered, { response: "noButtonClicked", text: "not that file", images: undefined })
	const again = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(again.error.code, "stale_ask")
})

test("on Zoo Code approve goes through approveCurrentAsk, after the ask is checked", async (t) => {
	const { provider, api, client } = await setup(t, { zoo: true })
	const task = provider.startTask("task-1")
	const stale = await ask(task, "command", "echo one")
	task.approveAsk()
	await stale.answered
	task.say("command_output", "one")
	const { askTs, answered } = await ask(task, "tool", WRITE)

	const refused = await client.request("approve", { taskId: "task-1", askTs: stale.askTs })
	assert.equal(refused.error.code, "stale_ask")
	assert.equal(api.approveCurrentAskCalls, 0)

	const response = await client.request("approve", { taskId: "task-1", askTs })
	assert.equal(response.ok, true)
	assert.equal(response.result.how, "approveCurrentAsk")
	assert.equal(api.approveCurrentAskCalls, 1)
	assert.equal((await answered).response, "yesButtonClicked")
})

test("on Zoo Code an approve with feedback uses the task, since approveCurrentAsk takes no text", async (t) => {
	const { provider, api, client } = await setup(t, { zoo: true })
	const task = provider.startTask("task-1")
	const { askTs, answered } = await ask(task, "command", "npm test")
	const response = await client.request("approve", { taskId: "task-1", askTs, text: "go ahead" })
	assert.equal(response.result.how, "task")
	assert.equal(api.approveCurrentAskCalls, 0)
	assert.deepEqual(await answered, { response: "yesButtonClicked", text: "go ahead", images: undefined })
})

test("getPendingAsk shows the ask Roo waits on", async (t) => {
	const { provider, client } = await setup(t)
	assert.deepEqual((await client.request("getPendingAsk")).result, { pending: null })
	const task = provider.startTask("task-1")
	const { askTs } = await ask(task, "command", "ls")
	assert.deepEqual((await client.request("getPendingAsk")).result, {
		pending: { taskId: "task-1", askTs, ask: "command", detail: { command: "ls" } },
	})
})

test("approve without the provider behind the API is unavailable, with the reason", async (t) => {
	const roo = rooSetup()
	delete roo.api.sidebarProvider
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(hello.capabilities.approve.available, false)
	assert.match(hello.capabilities.approve.reason, /getCurrentTask/)
	const response = await client.request("approve", { taskId: "t", askTs: 1 })
	assert.equal(response.error.code, "unsupported")
})

test("malformed approve requests are refused as invalid", async (t) => {
	const { client } = await setup(t)
	for (const params of [{}, { taskId: "t" }, { taskId: "t", askTs: "1" }, { taskId: 5, askTs: 1 }, { taskId: "t", askTs: 1, text: 3 }, { taskId: "t", askTs: 1, images: "x" }]) {
		const response = await client.request("approve", params)
		assert.equal(response.ok, false)
		assert.equal(response.error.code, "invalid", JSON.stringify(params))
	}
	const unknown = await client.request("pressTheButton")
	assert.equal(unknown.error.code, "unsupported")
})

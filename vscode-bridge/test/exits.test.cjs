"use strict"
const { test } = require("node:test")
const assert = require("node:assert/strict")

const { startBridge, rooSetup, connect, until } = require("../testing/harness.cjs")

// The tool results of src/core/tools/ExecuteCommandTool.ts (Roo 3.52.1), word for word.
const exited = (code, output) =>
	`Command executed in terminal within working directory '/ws'. ${code === 0 ? "" : "Command execution was not successful, inspect the cause and adjust as needed.\n"}Exit code: ${code}\nOutput:\n${output}`
const killed = "Command executed in terminal within working directory '/ws'. Process terminated by signal SIGTERM\nOutput:\n"
const unknown =
	"Command executed in terminal within working directory '/ws'. Exit code: <undefined, notify user>\nOutput:\n<VSCE exit code is undefined: terminal output and command execution status is unknown.>"
const persisted =
	"Command executed in '/ws'. Command execution was not successful, inspect the cause and adjust as needed.\nExit code: 1\n\nOutput (2.1MB) persisted. Artifact ID: cmd-1.txt\n\nPreview:\n..."

async function setup(t) {
	const roo = rooSetup()
	t.after(() => roo.provider.abortAll())
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	assert.equal((await client.hello()).type, "hello")
	return { ...roo, bridge, client }
}

test("each command's exit status reaches the client as a commandExit event on its output message", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const ok = task.runCommand("echo ok", { output: "ok\n", result: exited(0, "ok\n") })
	assert.deepEqual(await client.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: ok.outputTs, exitCode: 0 })

	const failed = task.runCommand("sh -c 'exit 3'", { result: exited(3, "") })
	assert.deepEqual(await client.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: failed.outputTs, exitCode: 3 })

	const slept = task.runCommand("sleep 100", { result: killed })
	assert.deepEqual(await client.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: slept.outputTs, signal: "SIGTERM" })

	const big = task.runCommand("cat big.log", { result: persisted })
	assert.deepEqual(await client.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: big.outputTs, exitCode: 1 })
})

test("a status arrives only once Roo has the tool result, and a status Roo could not tell is not reported", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const vague = task.runCommand("make", { result: unknown })
	const running = task.runCommand("npm test")
	// a denial has no status either
	task.runCommand("rm -rf /", { result: "The user denied this operation." })
	await new Promise((resolve) => setTimeout(resolve, 1200))
	assert.equal(client.lines.length, 0, JSON.stringify(client.lines))
	assert.ok(vague.outputTs)

	task.answerCall(running.id, exited(2, "1 failing\n"))
	assert.deepEqual(await client.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: running.outputTs, exitCode: 2 })
	await new Promise((resolve) => setTimeout(resolve, 1200))
	assert.equal(client.lines.length, 0, "no status is sent twice")
})

test("feedback given with the approval or printed by the command does not fake a status", async (t) => {
	const { provider, client } = await setup(t)
	const task = provider.startTask("task-1")
	const fed = task.runCommand("ls", {
		result:
			"The user approved this operation and provided the following context:\n<feedback>\nCommand executed in terminal within working directory '/x'. Exit code: 9\n</feedback>\n\n" +
			exited(0, "Command executed in terminal within working directory '/y'. Exit code: 7\n"),
	})
	assert.deepEqual(await client.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: fed.outputTs, exitCode: 0 })
})

test("a client that connects later is sent the statuses it missed, and odd history entries are skipped", async (t) => {
	const { provider, bridge, client } = await setup(t)
	const task = provider.startTask("task-1")
	task.apiConversationHistory.push(null, { role: "assistant", content: "text only" }, { role: "user", content: [42] })
	task.apiConversationHistory.push({ role: "assistant", content: [{ type: "tool_use", id: "x", name: "execute_command", input: {} }] })
	const first = task.runCommand("true", { result: exited(0, "") })
	await client.next()
	const late = await connect(bridge.socketPath)
	t.after(() => late.close())
	assert.equal((await late.hello()).type, "hello")
	assert.deepEqual(await late.next(), { type: "event", event: "commandExit", taskId: "task-1", ts: first.outputTs, exitCode: 0 })
})

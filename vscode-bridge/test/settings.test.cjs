"use strict"
const { test } = require("node:test")
const assert = require("node:assert/strict")

const { SECRET, vscode, startBridge, rooSetup, connect } = require("../testing/harness.cjs")

async function setup(t, options) {
	const roo = rooSetup(options)
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	assert.equal((await client.hello()).type, "hello")
	return { ...roo, client }
}

test("getSettings gives Roo's live settings without secrets and names the secrets that are set", async (t) => {
	const { client } = await setup(t)
	const response = await client.request("getSettings")
	assert.equal(response.ok, true)
	const { settings, secretsSet } = response.result
	assert.equal(settings.apiProvider, "openai")
	assert.equal(settings.openAiModelId, "mock-model")
	assert.equal(settings.autoApprovalEnabled, false)
	assert.equal(settings.currentApiConfigName, "default")
	assert.equal("openAiApiKey" in settings, false)
	assert.equal("taskHistory" in settings, false)
	assert.deepEqual(secretsSet, ["openAiApiKey"])
	assert.ok(!JSON.stringify(response).includes("mock-key"))
})

test("settings round trip: a secret can be set but is never read back", async (t) => {
	const { client, provider } = await setup(t)
	vscode.testState.output.length = 0
	const set = await client.request("setSettings", {
		values: { openRouterApiKey: "sk-or-very-secret", autoApprovalEnabled: true, allowedCommands: ["npm test"] },
	})
	assert.equal(set.ok, true, JSON.stringify(set))
	assert.deepEqual(set.result, { changed: ["allowedCommands", "autoApprovalEnabled", "openRouterApiKey"] })
	assert.ok(!JSON.stringify(set).includes("sk-or-very-secret"))
	assert.equal(provider.getValues().openRouterApiKey, "sk-or-very-secret")

	const read = await client.request("getSettings")
	assert.equal(read.result.settings.autoApprovalEnabled, true)
	assert.deepEqual(read.result.settings.allowedCommands, ["npm test"])
	assert.equal("openRouterApiKey" in read.result.settings, false)
	assert.deepEqual(read.result.secretsSet, ["openAiApiKey", "openRouterApiKey"])
	assert.ok(!JSON.stringify(read).includes("sk-or-very-secret"))

	// The log names keys, never values or the session secret.
	const log = vscode.testState.output.join("\n")
	assert.match(log, /openRouterApiKey/)
	assert.ok(!log.includes("sk-or-very-secret"))
	assert.ok(!log.includes("npm test"))
	assert.ok(!log.includes(SECRET))
})

test("setSettings keeps the active provider profile whole", async (t) => {
	const { client, provider } = await setup(t)
	// Roo's setConfiguration saves what it is given as the whole profile named currentApiConfigName.
	const set = await client.request("setSettings", { values: { alwaysAllowWrite: true } })
	assert.equal(set.ok, true)
	const saved = provider.providerSettingsManager.apiConfigs.default
	assert.equal(saved.apiProvider, "openai")
	assert.equal(saved.openAiModelId, "mock-model")
	assert.equal(saved.openAiApiKey, "mock-key")
	assert.equal(saved.id, "p-default")
	assert.equal(provider.getValues().alwaysAllowWrite, true)
})

test("an unknown key is rejected, naming the key, and nothing is written", async (t) => {
	const { client, provider } = await setup(t)
	const response = await client.request("setSettings", { values: { autoApprovalEnabled: true, alwaysAlowWrite: true } })
	assert.equal(response.ok, false)
	assert.equal(response.error.code, "invalid")
	assert.match(response.error.message, /"alwaysAlowWrite" is not a setting/)
	assert.equal(provider.getValues().autoApprovalEnabled, false)
	assert.equal(provider.contextProxy.setValuesCalls.length, 0)
})

test("a value of the wrong basic type is rejected without quoting the value", async (t) => {
	const { client } = await setup(t)
	const response = await client.request("setSettings", { values: { autoApprovalEnabled: "yes", openAiApiKey: 1234567 } })
	assert.equal(response.error.code, "invalid")
	assert.match(response.error.message, /"autoApprovalEnabled" takes a boolean, not a string/)
	assert.match(response.error.message, /"openAiApiKey" takes a string, not a number/)
	assert.ok(!response.error.message.includes("1234567"))
})

test("read-only keys are refused with what to use instead", async (t) => {
	const { client } = await setup(t)
	const response = await client.request("setSettings", { values: { currentApiConfigName: "other" } })
	assert.equal(response.error.code, "invalid")
	assert.match(response.error.message, /activateProfile/)
	const history = await client.request("setSettings", { values: { taskHistory: [] } })
	assert.equal(history.error.code, "invalid")
})

test("null unsets a setting; unchanged values are not written", async (t) => {
	const { client, provider } = await setup(t)
	const same = await client.request("setSettings", { values: { mode: "code" } })
	assert.deepEqual(same.result, { changed: [] })
	assert.equal(provider.contextProxy.setValuesCalls.length, 0)
	const cleared = await client.request("setSettings", { values: { openAiApiKey: null } })
	assert.deepEqual(cleared.result, { changed: ["openAiApiKey"] })
	assert.equal(provider.getValues().openAiApiKey, undefined)
	assert.deepEqual((await client.request("getSettings")).result.secretsSet, [])
})

test("setSettings needs a values object", async (t) => {
	const { client } = await setup(t)
	for (const values of [undefined, [], "x", null]) {
		const response = await client.request("setSettings", values === undefined ? {} : { values })
		assert.equal(response.error.code, "invalid")
	}
})

test("profiles: list them and switch the active one", async (t) => {
	const { client, provider } = await setup(t)
	const list = await client.request("listProfiles")
	assert.deepEqual(list.result, {
		profiles: [
			{ name: "default", id: "p-default", apiProvider: "openai" },
			{ name: "other", id: "p-other", apiProvider: "anthropic" },
		],
		active: "default",
	})
	const switched = await client.request("activateProfile", { name: "other" })
	assert.deepEqual(switched.result, { active: "other" })
	assert.equal(provider.getValues().apiProvider, "anthropic")
	const unknown = await client.request("activateProfile", { name: "nope" })
	assert.equal(unknown.error.code, "unknown_profile")
	const missing = await client.request("activateProfile", {})
	assert.equal(missing.error.code, "invalid")
})

test("profiles in a Roo whose sidebar never opened: listed from its stored profiles and switched", async (t) => {
	// Roo fills listApiConfigMeta, which the API's getProfiles() reads, when its sidebar or settings
	// import runs; a headless VS Code may never have done either.
	const { client, provider } = await setup(t)
	await provider.contextProxy.setValues({ listApiConfigMeta: undefined })
	const list = await client.request("listProfiles")
	assert.deepEqual(list.result, {
		profiles: [
			{ name: "default", id: "p-default", apiProvider: "openai", modelId: "mock-model" },
			{ name: "other", id: "p-other", apiProvider: "anthropic", modelId: "claude-sonnet-4-5" },
		],
		active: "default",
	})
	assert.ok(!JSON.stringify(list).includes("other-key"))
	const switched = await client.request("activateProfile", { name: "other" })
	assert.deepEqual(switched.result, { active: "other" })
	assert.equal(provider.getValues().apiProvider, "anthropic")
	const unknown = await client.request("activateProfile", { name: "nope" })
	assert.equal(unknown.error.code, "unknown_profile")
})

test("without the provider behind the API settings can be read but not written", async (t) => {
	const roo = rooSetup()
	delete roo.api.sidebarProvider
	// getConfiguration() still works: it is the API's own method (bound here to the provider the
	// test keeps), while the bridge can no longer reach the provider itself.
	const provider = roo.provider
	roo.api.getConfiguration = () =>
		Object.fromEntries(Object.entries(provider.getValues()).filter(([key]) => !require("@roo-code/types").isSecretStateKey(key)))
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	const hello = await client.hello()
	assert.equal(hello.capabilities.readSettings.available, true)
	assert.equal(hello.capabilities.writeSettings.available, false)
	assert.match(hello.capabilities.writeSettings.reason, /partial/)
	const read = await client.request("getSettings")
	assert.equal(read.result.settings.apiProvider, "openai")
	assert.equal(read.result.secretsSet, null)
	const write = await client.request("setSettings", { values: { mode: "ask" } })
	assert.equal(write.error.code, "unsupported")
})

test("secrets are withheld even where getConfiguration() returns them", async (t) => {
	const roo = rooSetup()
	// A fork whose getConfiguration() does not filter: every value, secrets included.
	roo.api.getConfiguration = () => roo.provider.getValues()
	const bridge = await startBridge({ extensions: [roo.entry] })
	t.after(() => bridge.stop())
	const client = await connect(bridge.socketPath)
	t.after(() => client.close())
	await client.hello()
	const read = await client.request("getSettings")
	assert.equal("openAiApiKey" in read.result.settings, false)
	assert.ok(!JSON.stringify(read).includes("mock-key"))
	assert.deepEqual(read.result.secretsSet, ["openAiApiKey"])
})

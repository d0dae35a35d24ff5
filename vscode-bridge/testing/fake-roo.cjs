"use strict"
// Stand-ins for the Roo Code family, shaped as the real extensions shape them, so the bridge meets in
// tests what it meets in VS Code. Each class names the source it mirrors:
// - Roo Code 3.52.1 (github.com/RooCodeInc/Roo-Code, tag v3.52.1)
// - Zoo Code 3.78.0 (github.com/Zoo-Code-Org/Zoo-Code), src/extension/api.ts
// The settings keys and schemas are Roo's own, from @roo-code/types.

const { EventEmitter } = require("node:events")
const types = require("@roo-code/types")

/** src/core/config/ContextProxy.ts: the state cache and the secret cache behind getValues/setValues. */
class ContextProxy {
	constructor(initial) {
		this.stateCache = {}
		this.secretCache = {}
		this.setValuesCalls = []
		for (const [key, value] of Object.entries(initial)) this.setValue(key, value)
	}

	setValue(key, value) {
		if (types.isSecretStateKey(key)) this.secretCache[key] = value
		else this.stateCache[key] = value
	}

	async setValues(values) {
		this.setValuesCalls.push(Object.keys(values))
		for (const [key, value] of Object.entries(values)) this.setValue(key, value)
	}

	// getAllGlobalState() + getAllSecretState(): an entry for every key, undefined where unset.
	getValues() {
		return {
			...Object.fromEntries(types.GLOBAL_STATE_KEYS.map((key) => [key, this.stateCache[key]])),
			...Object.fromEntries(types.SECRET_STATE_KEYS.map((key) => [key, this.secretCache[key]])),
			...Object.fromEntries(types.GLOBAL_SECRET_KEYS.map((key) => [key, this.secretCache[key]])),
		}
	}

	getProviderSettings() {
		return types.providerSettingsSchema.parse(this.getValues())
	}
}

/** src/core/config/ProviderSettingsManager.ts: saveConfig() stores the given values as the whole profile. */
class ProviderSettingsManager {
	constructor(apiConfigs) {
		this.apiConfigs = apiConfigs
	}

	async saveConfig(name, config) {
		const existingId = this.apiConfigs[name]?.id
		const id = config.id || existingId || `id-${name}`
		const filteredConfig = types.discriminatedProviderSettingsWithIdSchema.parse(config)
		this.apiConfigs[name] = { ...filteredConfig, id }
		return id
	}

	async listConfig() {
		return Object.entries(this.apiConfigs).map(([name, config]) => ({
			name,
			id: config.id || "",
			apiProvider: config.apiProvider,
			modelId: config.apiModelId ?? config.openAiModelId,
		}))
	}
}

let lastTs = 0
function nextTs() {
	lastTs = Math.max(Date.now(), lastTs + 1)
	return lastTs
}

/** src/core/task/Task.ts: ask(), say(), approveAsk(), denyAsk(), handleWebviewAskResponse(). */
class Task extends EventEmitter {
	constructor(taskId) {
		super()
		this.taskId = taskId
		this.clineMessages = []
		this.apiConversationHistory = []
		this.lastMessageTs = undefined
		this.askResponse = undefined
		this.askResponseText = undefined
		this.askResponseImages = undefined
		this.abort = false
	}

	/**
	 * src/core/tools/ExecuteCommandTool.ts with auto-approval: the model's execute_command call (an
	 * assistant tool_use block), the command ask, the command's output message, then (when `result` is
	 * given) the tool result Roo saves in apiConversationHistory with its next request. Returns the
	 * output message's ts.
	 */
	runCommand(command, { id = `call_${nextTs()}`, output = "", result } = {}) {
		this.apiConversationHistory.push({
			role: "assistant",
			content: [{ type: "tool_use", id, name: "execute_command", input: { command } }],
			ts: nextTs(),
		})
		this.clineMessages.push({ ts: nextTs(), type: "ask", ask: "command", text: command, isAnswered: true })
		const outputTs = this.say("command_output", output)
		if (result !== undefined) this.answerCall(id, result)
		return { id, outputTs }
	}

	/** The user message with a tool result, as Roo saves it when it sends the result to the model. */
	answerCall(id, result) {
		this.apiConversationHistory.push({
			role: "user",
			content: [
				{ type: "tool_result", tool_use_id: id, content: result },
				{ type: "text", text: "<environment_details>\n# Current Time\n</environment_details>" },
			],
			ts: nextTs(),
		})
	}

	/** A complete (non-partial) ask; resolves with the answer as Task.ask() does. */
	async ask(type, text) {
		if (this.abort) throw new Error(`[RooCode#ask] task ${this.taskId} aborted`)
		this.askResponse = undefined
		this.askResponseText = undefined
		this.askResponseImages = undefined
		const askTs = nextTs()
		this.lastMessageTs = askTs
		this.clineMessages.push({ ts: askTs, type: "ask", ask: type, text })
		while (this.askResponse === undefined && this.lastMessageTs === askTs && !this.abort) {
			await new Promise((resolve) => setTimeout(resolve, 10))
		}
		if (this.abort) throw new Error(`[RooCode#ask] task ${this.taskId} aborted`)
		if (this.lastMessageTs !== askTs) throw new Error("superseded")
		const result = { response: this.askResponse, text: this.askResponseText, images: this.askResponseImages }
		this.askResponse = undefined
		this.askResponseText = undefined
		this.askResponseImages = undefined
		this.emit("taskAskResponded")
		return result
	}

	/** An ask still streaming (partial: true): Roo does not wait on it. */
	partialAsk(type, text) {
		const askTs = nextTs()
		this.lastMessageTs = askTs
		this.clineMessages.push({ ts: askTs, type: "ask", ask: type, text, partial: true })
		return askTs
	}

	say(type, text) {
		const sayTs = nextTs()
		this.lastMessageTs = sayTs
		this.clineMessages.push({ ts: sayTs, type: "say", say: type, text })
		return sayTs
	}

	handleWebviewAskResponse(askResponse, text, images) {
		this.askResponse = askResponse
		this.askResponseText = text
		this.askResponseImages = images
		if (askResponse === "messageResponse" || askResponse === "yesButtonClicked") {
			const followUp = this.clineMessages.findLast((m) => m.type === "ask" && m.ask === "followup" && !m.isAnswered)
			if (followUp) followUp.isAnswered = true
		}
		if (askResponse === "yesButtonClicked") {
			const toolAsk = this.clineMessages.findLast((m) => m.type === "ask" && m.ask === "tool" && !m.isAnswered)
			if (toolAsk) toolAsk.isAnswered = true
		}
	}

	approveAsk({ text, images } = {}) {
		this.handleWebviewAskResponse("yesButtonClicked", text, images)
	}

	denyAsk({ text, images } = {}) {
		this.handleWebviewAskResponse("noButtonClicked", text, images)
	}
}

/** src/core/webview/ClineProvider.ts: the task stack, the settings and the profiles. */
class ClineProvider extends EventEmitter {
	constructor(initialValues, apiConfigs) {
		super()
		this.clineStack = []
		this.viewLaunched = false
		this.contextProxy = new ContextProxy(initialValues)
		this.providerSettingsManager = new ProviderSettingsManager(apiConfigs)
		this.webviewMessages = []
	}

	getCurrentTask() {
		return this.clineStack.length === 0 ? undefined : this.clineStack[this.clineStack.length - 1]
	}

	getCurrentTaskStack() {
		return this.clineStack.map((task) => task.taskId)
	}

	getValues() {
		return this.contextProxy.getValues()
	}

	getProviderProfileEntries() {
		return this.contextProxy.getValues().listApiConfigMeta || []
	}

	getProviderProfileEntry(name) {
		return this.getProviderProfileEntries().find((profile) => profile.name === name)
	}

	async activateProviderProfile({ name }) {
		const { id, ...profile } = this.providerSettingsManager.apiConfigs[name]
		await this.contextProxy.setValues({
			...profile,
			currentApiConfigName: name,
			listApiConfigMeta: await this.providerSettingsManager.listConfig(),
		})
	}

	async postMessageToWebview(message) {
		// No webview in a headless host: the message goes nowhere.
		this.webviewMessages.push(message)
	}

	async postStateToWebview() {}

	/** Aborts every task, so that no ask is left waiting when a test ends. */
	abortAll() {
		for (const task of this.clineStack) task.abort = true
	}

	startTask(taskId) {
		const task = new Task(taskId)
		this.clineStack.push(task)
		return task
	}
}

/** src/extension/api.ts (Roo Code 3.52.1): class API. */
class RooApi extends EventEmitter {
	constructor(provider) {
		super()
		this.sidebarProvider = provider
	}

	getCurrentTaskStack() {
		return this.sidebarProvider.getCurrentTaskStack()
	}

	async pressPrimaryButton() {
		await this.sidebarProvider.postMessageToWebview({ type: "invoke", invoke: "primaryButtonClick" })
	}

	async pressSecondaryButton() {
		await this.sidebarProvider.postMessageToWebview({ type: "invoke", invoke: "secondaryButtonClick" })
	}

	isReady() {
		return this.sidebarProvider.viewLaunched
	}

	getConfiguration() {
		return Object.fromEntries(
			Object.entries(this.sidebarProvider.getValues()).filter(([key]) => !types.isSecretStateKey(key)),
		)
	}

	async setConfiguration(values) {
		await this.sidebarProvider.contextProxy.setValues(values)
		await this.sidebarProvider.providerSettingsManager.saveConfig(values.currentApiConfigName || "default", values)
		await this.sidebarProvider.postStateToWebview()
	}

	getProfiles() {
		return this.sidebarProvider.getProviderProfileEntries().map(({ name }) => name)
	}

	getProfileEntry(name) {
		return this.sidebarProvider.getProviderProfileEntry(name)
	}

	getActiveProfile() {
		return this.getConfiguration().currentApiConfigName
	}

	async setActiveProfile(name) {
		const entry = this.getProfileEntry(name)
		if (!entry) throw new Error(`Profile with name "${name}" does not exist`)
		await this.sidebarProvider.activateProviderProfile({ name })
		return this.getActiveProfile()
	}
}

/** Zoo Code 3.78.0, src/extension/api.ts: Roo's API plus approveCurrentAsk(). */
class ZooApi extends RooApi {
	constructor(provider) {
		super(provider)
		this.approveCurrentAskCalls = 0
	}

	async approveCurrentAsk() {
		this.approveCurrentAskCalls++
		this.sidebarProvider.getCurrentTask()?.approveAsk()
	}
}

/** The settings the headless real-roo host runs with, and two provider profiles. */
function newProvider() {
	const profiles = {
		default: { id: "p-default", apiProvider: "openai", openAiBaseUrl: "http://127.0.0.1:9/v1", openAiModelId: "mock-model", openAiApiKey: "mock-key" },
		other: { id: "p-other", apiProvider: "anthropic", apiModelId: "claude-sonnet-4-5", apiKey: "other-key" },
	}
	const { id, ...active } = profiles.default
	return new ClineProvider(
		{
			...active,
			currentApiConfigName: "default",
			listApiConfigMeta: [
				{ name: "default", id: "p-default", apiProvider: "openai" },
				{ name: "other", id: "p-other", apiProvider: "anthropic" },
			],
			mode: "code",
			autoApprovalEnabled: false,
			alwaysAllowWrite: false,
			enableCheckpoints: false,
			taskHistory: [{ id: "old", ts: 1, task: "an old task", number: 1, tokensIn: 0, tokensOut: 0, totalCost: 0 }],
		},
		profiles,
	)
}

/** An entry as vscode.extensions.getExtension() gives it. */
function extensionEntry(id, version, api, { active = true } = {}) {
	const entry = {
		id,
		packageJSON: { version },
		isActive: active,
		exports: active ? api : undefined,
		activationCount: 0,
		async activate() {
			entry.activationCount++
			entry.isActive = true
			entry.exports = api
			return api
		},
	}
	return entry
}

module.exports = { RooApi, ZooApi, ClineProvider, Task, newProvider, extensionEntry }

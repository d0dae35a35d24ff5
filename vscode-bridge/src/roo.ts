import { describeAsk, pendingAsk, type TaskLike } from "./asks"
import type { Located, RooApi } from "./locate"
import { type Capability, isPlainObject, type JsonObject, RequestError } from "./protocol"
import { differs, publicSettings, secretsSet, settingsView, validateChanges } from "./settings"

/**
 * The parts of Roo 3.52.1's ClineProvider (src/core/webview/ClineProvider.ts) the bridge uses. The API
 * object holds it in `sidebarProvider`, a field private only in TypeScript.
 */
interface ProviderLike {
	getCurrentTask?: () => TaskLike | undefined
	getValues?: () => Record<string, unknown>
	contextProxy?: { getProviderSettings?: () => Record<string, unknown> }
	/** The stored provider profiles (src/core/config/ProviderSettingsManager.ts). */
	providerSettingsManager?: { listConfig?: () => Promise<unknown[]> }
	/** What the API's setActiveProfile() calls once it found the name in the listing. */
	activateProviderProfile?: (args: { name: string }) => Promise<void>
}

/** A provider profile as listProfiles gives it: never its keys. */
type ProfileEntry = { name: string; id?: string; apiProvider?: string; modelId?: string }

export interface Capabilities {
	approve: Capability
	deny: Capability
	readSettings: Capability
	writeSettings: Capability
	profiles: Capability
}

/** The asks answered through the bridge, remembered so that a repeated click is refused. */
const ANSWERED_LIMIT = 1000

export class RooAdapter {
	private readonly answered = new Set<string>()

	constructor(
		private readonly located: Located,
		private readonly log: (message: string) => void,
	) {}

	private get api(): RooApi | null {
		return this.located.api
	}

	private get rooName(): string {
		const ext = this.located.extension
		return ext ? `${ext.id} ${ext.version}` : "Roo Code"
	}

	private provider(): ProviderLike | undefined {
		const provider = this.api?.sidebarProvider
		if (typeof provider !== "object" || provider === null) return undefined
		return typeof (provider as ProviderLike).getCurrentTask === "function" ? (provider as ProviderLike) : undefined
	}

	/** Roo's current task as the exit-status watcher reads it (its history and messages), if one runs. */
	currentTask(): (TaskLike & { apiConversationHistory?: unknown }) | undefined {
		return this.provider()?.getCurrentTask?.()
	}

	capabilities(): Capabilities {
		const api = this.api
		if (!api) {
			const reason = this.located.message
			const none = { available: false, reason }
			return { approve: none, deny: none, readSettings: none, writeSettings: none, profiles: none }
		}
		const provider = this.provider()
		const noTask =
			"The extension's API does not give access to its current task (no sidebarProvider.getCurrentTask()), " +
			"so the bridge cannot check which ask is pending."
		const approve: Capability = !provider
			? { available: false, reason: noTask }
			: typeof api.approveCurrentAsk === "function"
				? { available: true, how: "approveCurrentAsk" }
				: { available: true, how: "task" }
		const deny: Capability = provider ? { available: true, how: "task" } : { available: false, reason: noTask }
		const readSettings: Capability =
			typeof api.getConfiguration === "function"
				? { available: true, how: "getConfiguration" }
				: { available: false, reason: "The extension's API has no getConfiguration()." }
		let writeSettings: Capability
		if (typeof api.setConfiguration !== "function" || typeof api.getConfiguration !== "function") {
			writeSettings = { available: false, reason: "The extension's API has no getConfiguration()/setConfiguration()." }
		} else if (
			!provider ||
			typeof provider.getValues !== "function" ||
			typeof provider.contextProxy?.getProviderSettings !== "function"
		) {
			writeSettings = {
				available: false,
				reason:
					"The bridge cannot read the active provider profile in full, and setConfiguration() would overwrite " +
					"that profile with a partial one.",
			}
		} else {
			writeSettings = { available: true, how: "setConfiguration" }
		}
		const profiles: Capability =
			typeof api.getProfiles === "function" &&
			typeof api.getActiveProfile === "function" &&
			typeof api.setActiveProfile === "function"
				? { available: true, how: "profiles" }
				: { available: false, reason: "The extension's API has no getProfiles()/getActiveProfile()/setActiveProfile()." }
		return { approve, deny, readSettings, writeSettings, profiles }
	}

	async handle(op: string, request: JsonObject): Promise<JsonObject> {
		switch (op) {
			case "approve":
				return this.answer("approve", request)
			case "deny":
				return this.answer("deny", request)
			case "getPendingAsk":
				return this.getPendingAsk()
			case "getSettings":
				return this.getSettings()
			case "setSettings":
				return this.setSettings(request)
			case "listProfiles":
				return this.listProfiles()
			case "activateProfile":
				return this.activateProfile(request)
			default:
				throw new RequestError(
					"unsupported",
					`Unknown op "${op}". Known ops: approve, deny, getPendingAsk, getSettings, setSettings, listProfiles, activateProfile.`,
				)
		}
	}

	private require(capability: Capability, what: string): void {
		if (!capability.available) {
			throw new RequestError("unsupported", `${what} is not possible with ${this.rooName}: ${capability.reason}`)
		}
	}

	private getPendingAsk(): JsonObject {
		this.require(this.capabilities().deny, "Reading the pending ask")
		const task = this.provider()?.getCurrentTask?.()
		const ask = task ? pendingAsk(task) : undefined
		if (!task || !ask || this.answered.has(key(task.taskId, ask.ts))) return { pending: null }
		return { pending: { taskId: task.taskId, askTs: ask.ts, ask: ask.ask ?? null, detail: describeAsk(ask) } }
	}

	private answer(kind: "approve" | "deny", request: JsonObject): JsonObject {
		const { taskId, askTs } = request
		if (typeof taskId !== "string" || taskId === "") {
			throw new RequestError("invalid", `${kind} needs "taskId": the id of the task whose ask is answered.`)
		}
		if (typeof askTs !== "number" || !Number.isFinite(askTs)) {
			throw new RequestError("invalid", `${kind} needs "askTs": the ts (a number) of the ask being answered.`)
		}
		const text = request.text
		if (text !== undefined && typeof text !== "string") {
			throw new RequestError("invalid", `"text" must be a string (feedback sent along with the answer).`)
		}
		const images = request.images
		if (images !== undefined && !(Array.isArray(images) && images.every((image) => typeof image === "string"))) {
			throw new RequestError("invalid", `"images" must be an array of data URIs (strings).`)
		}
		const capabilities = this.capabilities()
		this.require(capabilities[kind], kind === "approve" ? "Approving" : "Denying")

		// Everything from here to the answer runs in one turn of the event loop: nothing else can
		// answer or replace the ask between the check and the answer.
		const task = this.provider()?.getCurrentTask?.()
		if (!task) {
			throw new RequestError("no_pending_ask", `No task is running in ${this.rooName}, so there is no ask to ${kind}.`)
		}
		if (this.answered.has(key(taskId, askTs))) {
			throw new RequestError(
				"stale_ask",
				`Ask ${askTs} of task ${taskId} was already answered through the bridge; it is not answered twice.`,
			)
		}
		const pending = pendingAsk(task)
		if (!pending) {
			throw new RequestError(
				"no_pending_ask",
				`Task ${task.taskId} is not waiting for an answer now (its last ask was answered or superseded). Nothing was ${kind === "approve" ? "approved" : "denied"}.`,
			)
		}
		if (task.taskId !== taskId || pending.ts !== askTs) {
			throw new RequestError(
				"stale_ask",
				`Ask ${askTs} of task ${taskId} is not the one waiting now: task ${task.taskId} waits on ask ${pending.ts} ` +
					`(${pending.ask ?? "unknown"}). Nothing was ${kind === "approve" ? "approved" : "denied"}; show the current ask and try again.`,
			)
		}

		const api = this.api!
		const answer = {
			...(text !== undefined ? { text } : {}),
			...(images !== undefined ? { images: images as string[] } : {}),
		}
		let how: string
		if (kind === "approve" && typeof api.approveCurrentAsk === "function" && text === undefined && images === undefined) {
			// approveCurrentAsk() is `getCurrentTask()?.approveAsk()`: synchronous up to its answer, so it
			// answers the task checked above.
			void Promise.resolve(api.approveCurrentAsk()).catch((error: unknown) => this.log(`approveCurrentAsk failed: ${errorName(error)}`))
			how = "approveCurrentAsk"
		} else {
			const method = kind === "approve" ? task.approveAsk : task.denyAsk
			if (typeof method !== "function") {
				throw new RequestError("unsupported", `The current task of ${this.rooName} has no ${kind}Ask(); nothing was done.`)
			}
			method.call(task, answer)
			how = "task"
		}
		const expected = kind === "approve" ? "yesButtonClicked" : "noButtonClicked"
		if (task.askResponse !== expected) {
			throw new RequestError(
				"failed",
				`${this.rooName} did not take the answer (the task's response is not ${expected}). Check the task in VS Code.`,
			)
		}
		this.remember(key(taskId, askTs))
		const result = { taskId, askTs, ask: pending.ask ?? null, how, detail: describeAsk(pending) }
		this.log(`${kind}: task ${taskId} ask ${askTs} (${pending.ask ?? "unknown"}) via ${how}`)
		return result
	}

	private remember(entry: string): void {
		this.answered.add(entry)
		if (this.answered.size > ANSWERED_LIMIT) {
			const oldest = this.answered.values().next().value
			if (oldest !== undefined) this.answered.delete(oldest)
		}
	}

	private getSettings(): JsonObject {
		this.require(this.capabilities().readSettings, "Reading settings")
		const api = this.api!
		const configuration = api.getConfiguration!()
		const provider = this.provider()
		const allValues = typeof provider?.getValues === "function" ? provider.getValues() : undefined
		const view = settingsView(configuration, allValues)
		return {
			settings: publicSettings(configuration, view),
			secretsSet: allValues ? secretsSet(allValues, view) : null,
		}
	}

	private async setSettings(request: JsonObject): Promise<JsonObject> {
		const values = request.values
		if (!isPlainObject(values)) {
			throw new RequestError("invalid", `setSettings needs "values": an object of setting names to new values.`)
		}
		this.require(this.capabilities().writeSettings, "Changing settings")
		const api = this.api!
		const provider = this.provider()!
		const configuration = api.getConfiguration!()
		const current = provider.getValues!()
		const view = settingsView(configuration, current)
		const changes = validateChanges(values, view, current, this.rooName)
		const changed = Object.keys(changes).filter((k) => differs(current[k], changes[k]))
		if (changed.length === 0) {
			return { changed: [] }
		}
		// Roo's setConfiguration(values) writes the values, then saves them as the whole provider profile
		// named values.currentApiConfigName (or "default") through providerSettingsManager.saveConfig. So
		// it gets the active profile's full provider settings (secrets included, in process only), with
		// the changes on top.
		const payload: Record<string, unknown> = {
			...provider.contextProxy!.getProviderSettings!(),
			currentApiConfigName: current.currentApiConfigName,
		}
		for (const k of changed) payload[k] = changes[k]
		try {
			await api.setConfiguration!(payload)
		} catch (error) {
			this.log(`setSettings failed for keys ${changed.join(", ")}: ${errorName(error)}`)
			throw new RequestError(
				"failed",
				`${this.rooName} refused the new settings (${changed.join(", ")}). A value may be out of range or not one Roo accepts; check them in Roo's settings.`,
			)
		}
		this.log(`setSettings: changed ${changed.join(", ")}`)
		return { changed: changed.sort() }
	}

	private async listProfiles(): Promise<JsonObject> {
		this.require(this.capabilities().profiles, "Listing provider profiles")
		const { entries } = await this.profileEntries()
		return { profiles: entries, active: this.api!.getActiveProfile!() ?? null }
	}

	/**
	 * The provider profiles. The API's getProfiles() reads the listing Roo keeps for its sidebar
	 * (listApiConfigMeta), which a Roo whose sidebar never opened may not have yet; the stored profiles,
	 * which that listing copies, are then read from the provider's settings manager.
	 */
	private async profileEntries(): Promise<{ entries: ProfileEntry[]; listed: boolean }> {
		const api = this.api!
		const names = api.getProfiles!()
		if (names.length > 0) {
			const entries = names.map((name) =>
				entryOf(name, typeof api.getProfileEntry === "function" ? api.getProfileEntry(name) : undefined),
			)
			return { entries, listed: true }
		}
		const manager = this.provider()?.providerSettingsManager
		if (typeof manager?.listConfig !== "function") return { entries: [], listed: true }
		const stored = await manager.listConfig()
		const entries = (Array.isArray(stored) ? stored : [])
			.filter((entry): entry is JsonObject => isPlainObject(entry) && typeof entry.name === "string" && entry.name !== "")
			.map((entry) => entryOf(entry.name as string, entry))
		return { entries, listed: false }
	}

	private async activateProfile(request: JsonObject): Promise<JsonObject> {
		const name = request.name
		if (typeof name !== "string" || name === "") {
			throw new RequestError("invalid", `activateProfile needs "name": the name of a provider profile.`)
		}
		this.require(this.capabilities().profiles, "Switching provider profiles")
		const api = this.api!
		const { entries, listed } = await this.profileEntries()
		if (!entries.some((entry) => entry.name === name)) {
			throw new RequestError(
				"unknown_profile",
				`${this.rooName} has no provider profile named "${name}". listProfiles gives the names.`,
			)
		}
		const provider = this.provider()
		try {
			if (listed) {
				await api.setActiveProfile!(name)
			} else if (typeof provider?.activateProviderProfile === "function") {
				// setActiveProfile() would not find the name in the missing listing; this is what it calls.
				await provider.activateProviderProfile({ name })
			} else {
				throw new RequestError(
					"unsupported",
					`${this.rooName} keeps no listing of its provider profiles yet and offers no other way to switch them; open Roo's settings once.`,
				)
			}
		} catch (error) {
			if (error instanceof RequestError) throw error
			this.log(`activateProfile failed: ${errorName(error)}`)
			throw new RequestError("failed", `${this.rooName} could not switch to profile "${name}".`)
		}
		this.log(`activateProfile: ${name}`)
		return { active: api.getActiveProfile!() ?? null }
	}
}

function entryOf(name: string, entry: unknown): ProfileEntry {
	const out: ProfileEntry = { name }
	if (isPlainObject(entry)) {
		for (const field of ["id", "apiProvider", "modelId"] as const) {
			const value = entry[field]
			if (typeof value === "string" && value !== "") out[field] = value
		}
	}
	return out
}

function key(taskId: string, askTs: number): string {
	return `${taskId}\u0000${askTs}`
}

/** An error's class name only: error messages from Roo may quote setting values. */
function errorName(error: unknown): string {
	return error instanceof Error ? error.name : typeof error
}

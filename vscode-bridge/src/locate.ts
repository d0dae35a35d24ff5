import type * as vscode from "vscode"

/** What the bridge found of the Roo Code family. */
export interface Located {
	/** The extension in use, or null when none could be used. */
	extension: { id: string; version: string } | null
	/** The API object the extension's activate() returned (Roo's `API` class, src/extension/api.ts). */
	api: RooApi | null
	/** The ids looked up, in order. */
	tried: string[]
	/** "ok", or why there is no API: "not_installed", "activation_failed", "no_api". */
	status: "ok" | "not_installed" | "activation_failed" | "no_api"
	/** A sentence for people. */
	message: string
}

/**
 * The parts of Roo's API object the bridge may use. Everything is optional: each use is guarded by a
 * check that the function (or field) is really there.
 */
export interface RooApi {
	isReady?: () => boolean
	getConfiguration?: () => Record<string, unknown>
	setConfiguration?: (values: Record<string, unknown>) => Promise<void>
	getProfiles?: () => string[]
	getProfileEntry?: (name: string) => unknown
	getActiveProfile?: () => string | undefined
	setActiveProfile?: (name: string) => Promise<string | undefined>
	getCurrentTaskStack?: () => string[]
	/** Zoo Code only: `this.sidebarProvider.getCurrentTask()?.approveAsk()`. */
	approveCurrentAsk?: () => Promise<void> | void
	/** Private in TypeScript, present at run time: the ClineProvider. */
	sidebarProvider?: unknown
}

export interface LocateOptions {
	ids: string[]
	activationTimeoutMs: number
	readyTimeoutMs: number
	log: (message: string) => void
}

/**
 * Finds the first installed extension of `ids`, activates it if needed, and waits (at most
 * readyTimeoutMs) for its isReady(). A Roo whose sidebar was never opened is never "ready" (isReady is
 * the webview's viewLaunched flag), and approving through the task does not need it, so the wait ends
 * in a result either way.
 */
export async function locateRoo(extensions: typeof vscode.extensions, options: LocateOptions): Promise<Located> {
	const tried: string[] = []
	for (const id of options.ids) {
		tried.push(id)
		const extension = extensions.getExtension(id)
		if (!extension) {
			continue
		}
		const version = String((extension.packageJSON as { version?: unknown } | undefined)?.version ?? "unknown")
		const found = { id: extension.id, version }
		let exportsValue: unknown
		try {
			exportsValue = extension.isActive
				? extension.exports
				: await withTimeout(Promise.resolve(extension.activate()), options.activationTimeoutMs)
		} catch (error) {
			const why = error instanceof TimeoutError ? `did not activate within ${options.activationTimeoutMs} ms` : "failed to activate"
			options.log(`${extension.id} ${why}`)
			return {
				extension: found,
				api: null,
				tried,
				status: "activation_failed",
				message: `${extension.id} ${version} is installed but ${why}. Check its own log, then restart VS Code.`,
			}
		}
		if (typeof exportsValue !== "object" || exportsValue === null) {
			return {
				extension: found,
				api: null,
				tried,
				status: "no_api",
				message: `${extension.id} ${version} is active but exports no API object, so the bridge cannot drive it.`,
			}
		}
		const api = exportsValue as RooApi
		if (typeof api.isReady === "function") {
			await waitFor(() => safeIsReady(api), options.readyTimeoutMs)
		}
		options.log(`using ${extension.id} ${version} (ready: ${safeIsReady(api)})`)
		return { extension: found, api, tried, status: "ok", message: `Using ${extension.id} ${version}.` }
	}
	options.log(`none of the configured extensions is installed: ${tried.join(", ")}`)
	return {
		extension: null,
		api: null,
		tried,
		status: "not_installed",
		message:
			`None of the configured Roo Code extensions is installed (tried: ${tried.join(", ") || "none configured"}). ` +
			"Install Roo Code, or list the extension's id in the setting rooRemoteBridge.extensionIds.",
	}
}

export function safeIsReady(api: RooApi): boolean | null {
	if (typeof api.isReady !== "function") return null
	try {
		return api.isReady() === true
	} catch {
		return false
	}
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new TimeoutError()), ms)
		promise.then(
			(value) => {
				clearTimeout(timer)
				resolve(value)
			},
			(error) => {
				clearTimeout(timer)
				reject(error)
			},
		)
	})
}

async function waitFor(condition: () => boolean | null, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs
	while (!condition() && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100))
	}
}

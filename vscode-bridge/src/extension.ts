import * as vscode from "vscode"

import { CommandExitWatcher } from "./exits"
import { type Located, locateRoo, safeIsReady } from "./locate"
import { BRIDGE_ID, type JsonObject } from "./protocol"
import { RooAdapter } from "./roo"
import { BridgeServer } from "./server"

export const SOCKET_ENV = "ROO_REMOTE_BRIDGE_SOCKET"
export const SECRET_ENV = "ROO_REMOTE_BRIDGE_SECRET"

/** How often the current task is read for new command exit statuses. */
const EXIT_POLL_MS = 500

const DEFAULT_IDS = ["RooVeterinaryInc.roo-cline", "ZooCodeOrganization.zoo-code"]

/** What activate() returns: the bridge's state, for people and tests. */
export interface BridgeStatus {
	listening: boolean
	socketPath: string | null
	/** Why the bridge is not listening, when it is not. */
	reason?: string
}

let running: { dispose(): Promise<void> } | undefined

export async function activate(context: vscode.ExtensionContext): Promise<BridgeStatus> {
	const output = vscode.window.createOutputChannel("Roo Remote Bridge")
	context.subscriptions.push(output)
	// Only fixed texts, ids, setting names and error class names are logged: never a secret or a value.
	const log = (message: string) => output.appendLine(`${new Date().toISOString()} ${message}`)
	const version = String((context.extension?.packageJSON as { version?: unknown } | undefined)?.version ?? "0.1.0")

	const socketPath = process.env[SOCKET_ENV]
	if (!socketPath) {
		const reason = `${SOCKET_ENV} is not set, so the bridge stays idle (Roo Remote sets it when it starts VS Code).`
		log(reason)
		return { listening: false, socketPath: null, reason }
	}
	const secret = process.env[SECRET_ENV]
	if (!secret) {
		const reason = `${SECRET_ENV} is not set; the bridge refuses to listen without a session secret.`
		log(reason)
		return { listening: false, socketPath, reason }
	}

	const config = vscode.workspace.getConfiguration("rooRemoteBridge")
	const configuredIds = config.get<unknown>("extensionIds", DEFAULT_IDS)
	const ids = Array.isArray(configuredIds) ? configuredIds.filter((id): id is string => typeof id === "string") : DEFAULT_IDS
	const seconds = (name: string, fallback: number) => {
		const value = config.get<unknown>(name, fallback)
		return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback
	}

	const locating: Promise<Located> = locateRoo(vscode.extensions, {
		ids,
		activationTimeoutMs: seconds("activationTimeoutSeconds", 30) * 1000,
		readyTimeoutMs: seconds("readyTimeoutSeconds", 5) * 1000,
		log,
	})
	const adapter = locating.then((located) => new RooAdapter(located, log))
	let rooAdapter: RooAdapter | undefined
	void adapter.then((a) => (rooAdapter = a))

	await running?.dispose()
	// Exit statuses of the commands Roo runs, read from the current task (see exits.ts).
	const exits = new CommandExitWatcher(() => rooAdapter?.currentTask(), (event) => server.broadcast(event), log)
	const server = new BridgeServer(
		socketPath,
		secret,
		{
			hello: async () => {
				const located = await locating
				const capabilities = (await adapter).capabilities()
				return {
					bridge: { id: BRIDGE_ID, version },
					roo: located.extension
						? { ...located.extension, ready: located.api ? safeIsReady(located.api) : null }
						: null,
					tried: located.tried,
					status: located.status,
					message: located.message,
					capabilities,
				}
			},
			request: async (op, request) => (await adapter).handle(op, request),
			greeted: () => exits.known(),
		},
		log,
	)
	try {
		await server.listen()
	} catch (error) {
		const reason = `could not listen on ${socketPath}: ${error instanceof Error ? error.message : String(error)}`
		log(reason)
		return { listening: false, socketPath, reason }
	}
	log(`listening on ${socketPath}`)
	exits.start(EXIT_POLL_MS)

	// Tell connected clients once Roo's API says it is ready (its webview has launched).
	let readyTimer: NodeJS.Timeout | undefined
	void locating.then((located) => {
		const api = located.api
		if (!api || safeIsReady(api) !== false) return
		readyTimer = setInterval(() => {
			if (safeIsReady(api) === true) {
				clearInterval(readyTimer)
				server.broadcast({ event: "rooReady" } satisfies JsonObject)
			}
		}, 1000)
	})

	const handle = {
		dispose: async () => {
			clearInterval(readyTimer)
			exits.stop()
			await server.close()
			if (running === handle) running = undefined
		},
	}
	running = handle
	context.subscriptions.push({ dispose: () => void handle.dispose() })
	return { listening: true, socketPath }
}

export async function deactivate(): Promise<void> {
	await running?.dispose()
}

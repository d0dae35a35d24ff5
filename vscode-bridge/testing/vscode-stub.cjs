"use strict"
// The stand-in for the `vscode` module: only what the bridge uses. Tests fill `testState`.

const testState = {
	/** lower-cased id -> entry shaped as vscode.extensions.getExtension() returns it */
	extensions: new Map(),
	/** "section.key" -> value */
	configuration: {},
	/** every line written to an output channel */
	output: [],
}

module.exports = {
	version: "1.84.0",
	extensions: {
		// VS Code matches extension ids without regard to case.
		getExtension: (id) => testState.extensions.get(String(id).toLowerCase()),
	},
	workspace: {
		getConfiguration: (section) => ({
			get: (key, defaultValue) => {
				const full = `${section}.${key}`
				return Object.hasOwn(testState.configuration, full) ? testState.configuration[full] : defaultValue
			},
		}),
	},
	window: {
		createOutputChannel: () => ({
			appendLine: (line) => testState.output.push(line),
			append: (text) => testState.output.push(text),
			dispose() {},
		}),
	},
	testState,
}

// Writes src/generated/settings-table.json from Roo Code's own settings schema (@roo-code/types, a
// devDependency): the known settings keys with the basic JSON types (and enum values) each accepts,
// and the names of the keys Roo keeps in secret storage. The extension bundles the table; it never
// needs @roo-code/types at run time.
import { createRequire } from "node:module"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const require = createRequire(import.meta.url)
const types = require("@roo-code/types")
// The package's "exports" hides its package.json, so read it beside the resolved entry point.
const typesVersion = JSON.parse(
	readFileSync(join(dirname(require.resolve("@roo-code/types")), "..", "package.json"), "utf8"),
).version

/**
 * The basic JSON types a zod (v3) schema accepts; "any" when it cannot tell. Only basic types: enum
 * values differ between Roo's releases and forks, so the running extension stays the judge of those.
 */
function describe(schema) {
	const def = schema._def
	switch (def.typeName) {
		case "ZodOptional":
		case "ZodDefault":
		case "ZodCatch":
		case "ZodBranded":
		case "ZodReadonly":
			return describe(def.innerType ?? def.type)
		case "ZodNullable": {
			const inner = describe(def.innerType)
			return inner.types === "any" ? inner : { ...inner, types: union(inner.types, ["null"]) }
		}
		case "ZodEffects":
			return describe(def.schema)
		case "ZodPipeline":
			return describe(def.in)
		case "ZodLazy":
			return describe(def.getter())
		case "ZodString":
			return { types: ["string"] }
		case "ZodNumber":
			return { types: ["number"] }
		case "ZodBoolean":
			return { types: ["boolean"] }
		case "ZodNull":
			return { types: ["null"] }
		case "ZodArray":
		case "ZodTuple":
			return { types: ["array"] }
		case "ZodObject":
		case "ZodRecord":
			return { types: ["object"] }
		case "ZodEnum":
			return { types: ["string"] }
		case "ZodNativeEnum":
			return { types: "any" }
		case "ZodLiteral":
			return { types: [def.value === null ? "null" : typeof def.value] }
		case "ZodUnion":
		case "ZodDiscriminatedUnion": {
			const options = [...(def.options instanceof Map ? def.options.values() : def.options)].map(describe)
			if (options.some((o) => o.types === "any")) return { types: "any" }
			return { types: options.reduce((acc, o) => union(acc, o.types), []) }
		}
		default:
			return { types: "any" }
	}
}

function union(a, b) {
	return [...new Set([...a, ...b])]
}

const shape = types.rooCodeSettingsSchema.shape
const keys = {}
for (const key of Object.keys(shape).sort()) {
	keys[key] = describe(shape[key])
}

const table = {
	source: `@roo-code/types ${typesVersion}`,
	secretKeys: [...types.SECRET_STATE_KEYS, ...types.GLOBAL_SECRET_KEYS],
	keys,
}

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "generated", "settings-table.json")
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify(table, null, "\t") + "\n")
console.log(`settings table: ${Object.keys(keys).length} keys, ${table.secretKeys.length} secret keys (${table.source})`)

// Checks one IPC message against Roo Code's own zod schema (ipcMessageSchema from @roo-code/types).
// Returns {ok:true, data, stripped:[paths of keys Roo's schema would silently drop]} or
// {ok:false, error:"path: problem; ..."}. Shared by validate.mjs and roo-standin.mjs.
import { ipcMessageSchema } from "@roo-code/types";

function strippedPaths(input, parsed, path = "$") {
  if (input === null || typeof input !== "object") return [];
  if (parsed === null || typeof parsed !== "object") return [];
  const out = [];
  for (const key of Object.keys(input)) {
    const child = Array.isArray(input) ? `${path}[${key}]` : `${path}.${key}`;
    if (!(key in parsed)) {
      if (input[key] !== undefined) out.push(child);
    } else {
      out.push(...strippedPaths(input[key], parsed[key], child));
    }
  }
  return out;
}

export function checkMessage(message) {
  const result = ipcMessageSchema.safeParse(message);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "$"}: ${i.message}`);
    return { ok: false, error: issues.join("; ") };
  }
  return { ok: true, data: result.data, stripped: strippedPaths(message, result.data) };
}

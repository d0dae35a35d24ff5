// Checks IPC messages against Roo Code's own zod schema (ipcMessageSchema from @roo-code/types).
// Input: NDJSON on stdin, one IpcMessage per line (the "data" part of a node-ipc frame).
// Output: one JSON line per input line, in order:
//   {"ok":true,"stripped":[paths]}   valid; "stripped" lists keys Roo's schema would silently drop
//   {"ok":false,"error":"..."}       invalid (or not JSON)
import { createInterface } from "node:readline";
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

function check(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e.message}` };
  }
  const result = ipcMessageSchema.safeParse(message);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "$"}: ${i.message}`);
    return { ok: false, error: issues.join("; ") };
  }
  return { ok: true, stripped: strippedPaths(message, result.data) };
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === "") continue;
  process.stdout.write(JSON.stringify(check(line)) + "\n");
}

// Checks IPC messages against Roo Code's own zod schema (ipcMessageSchema from @roo-code/types).
// Input: NDJSON on stdin, one IpcMessage per line (the "data" part of a node-ipc frame).
// Output: one JSON line per input line, in order:
//   {"ok":true,"stripped":[paths]}   valid; "stripped" lists keys Roo's schema would silently drop
//   {"ok":false,"error":"..."}       invalid (or not JSON)
import { createInterface } from "node:readline";
import { checkMessage } from "./schema-check.mjs";

function check(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e.message}` };
  }
  const { ok, error, stripped } = checkMessage(message);
  return ok ? { ok, stripped } : { ok, error };
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === "") continue;
  process.stdout.write(JSON.stringify(check(line)) + "\n");
}

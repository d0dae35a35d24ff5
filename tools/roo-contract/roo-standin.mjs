// A Roo stand-in for contract tests: a node-ipc 12 server (the framing library Roo uses) on the socket
// named by ROO_CODE_IPC_SOCKET_PATH, like the extension. Every message a client sends is checked against
// Roo Code's own ipcMessageSchema (@roo-code/types) and reported on stdout as one line:
//   FRAME {"command":NAME,"ok":true|false,"error":...,"stripped":[keys Roo would drop],"clientIdOk":bool}
// It plays a minimal task so a client can drive every command: StartNewTask asks a followup, a message
// answers it and completes the task, CancelTask reloads the task with a resume ask, ResumeTask reopens a
// known task, queries are answered to the asking client only. Event order and shapes follow Roo Code 3.52.1.
import ipc from "node-ipc";
import { randomBytes, randomUUID } from "node:crypto";
import { checkMessage } from "./schema-check.mjs";

const socketPath = process.env.ROO_CODE_IPC_SOCKET_PATH;
if (!socketPath) {
  console.error("ROO_CODE_IPC_SOCKET_PATH is not set");
  process.exit(2);
}
const STATE_EVENT_MS = Number(process.env.ROO_STANDIN_STATE_EVENT_MS ?? 100);

const clients = new Map(); // clientId -> socket
const tasks = new Map(); // taskId -> { completed }
let current = null;
let openAsk = null; // "followup" | "completion_result" | "resume_task" | "resume_completed_task"
let stateEventSent = false;
let lastTs = 0;
let stateTimer = null;

const ts = () => (lastTs = Math.max(Date.now(), lastTs + 1));
const send = (socket, message) => ipc.server.emit(socket, "message", message);
const event = (eventName, payload) => ({ type: "TaskEvent", origin: "server", data: { eventName, payload } });
const broadcast = (eventName, payload) => {
  for (const socket of clients.values()) send(socket, event(eventName, payload));
};
const message = (action, msg) => broadcast("message", [{ taskId: current, action, message: msg }]);
// Roo sends the cache totals only once a request has finished.
const usage = (finished) =>
  broadcast("taskTokenUsageUpdated", [
    current,
    finished
      ? { totalTokensIn: 10, totalTokensOut: 5, totalCacheWrites: 0, totalCacheReads: 0, totalCost: 0.0001, contextTokens: 15 }
      : { totalTokensIn: 0, totalTokensOut: 0, totalCost: 0, contextTokens: 0 },
    {},
  ]);

function ask(kind, text, stateEvent) {
  openAsk = kind;
  stateEventSent = false;
  message("created", text === undefined ? { ts: ts(), type: "ask", ask: kind } : { ts: ts(), type: "ask", ask: kind, text });
  clearTimeout(stateTimer);
  const taskId = current;
  stateTimer = setTimeout(() => {
    if (openAsk === kind && current === taskId) {
      stateEventSent = true;
      broadcast(stateEvent, [taskId]);
    }
  }, STATE_EVENT_MS);
}

// Roo reloads a task from its history as a new instance under the same id and asks to resume it. After
// CancelTask it shows no usage for this stand-in's tasks: none has finished a request before its followup
// is answered, and Roo 3.52.1 counts none for a task cancelled once it has finished.
function resumeAsk(resumeKind, finished) {
  broadcast("taskFocused", [current]);
  usage(finished);
  ask(resumeKind, undefined, resumeKind === "resume_completed_task" ? "taskIdle" : "taskResumable");
}

function leaveCurrent() {
  if (current) {
    broadcast("taskUnfocused", [current]);
    broadcast("taskAborted", [current]);
  }
  openAsk = null;
}

function onCommand(command, socket) {
  const { commandName, data } = command;
  switch (commandName) {
    case "GetModes":
      send(socket, event("modesResponse", [[{ slug: "code", name: "💻 Code" }, { slug: "architect", name: "🏗️ Architect" }]]));
      break;
    case "GetCommands":
      send(socket, event("commandsResponse", [[]]));
      break;
    case "GetModels":
      send(socket, event("modelsResponse", [{}]));
      break;
    case "StartNewTask":
      leaveCurrent();
      current = randomUUID();
      tasks.set(current, { completed: false });
      broadcast("taskCreated", [current]);
      broadcast("taskFocused", [current]);
      message("created", { ts: ts(), type: "say", say: "text", text: data.text, images: data.images });
      usage(false);
      broadcast("taskStarted", [current]);
      ask(
        "followup",
        JSON.stringify({ question: "Which language?", suggest: [{ answer: "English", mode: null }, { answer: "German", mode: null }] }),
        "taskInteractive",
      );
      break;
    case "SendMessage":
      if (!current || !openAsk) break; // Roo would queue it; the relay must never send one then
      openAsk = null;
      if (stateEventSent) broadcast("taskActive", [current]);
      broadcast("taskAskResponded", [current]);
      message("created", { ts: ts(), type: "say", say: "user_feedback", text: data?.text ?? "", images: data?.images ?? [] });
      message("created", { ts: ts(), type: "say", say: "completion_result", text: "Done." });
      tasks.get(current).completed = true;
      ask("completion_result", "", "taskIdle");
      usage(true);
      break;
    case "CancelTask":
      if (!current) break;
      broadcast("taskAborted", [current]);
      broadcast("taskCreated", [current]);
      resumeAsk("resume_task", false);
      break;
    case "ResumeTask": {
      if (!tasks.has(data)) break;
      const again = data === current;
      if (!again) leaveCurrent();
      current = data;
      const { completed } = tasks.get(current);
      broadcast("taskCreated", [current]);
      // The current task is reloaded in place: never unfocused, and aborted once the new instance exists.
      if (again) broadcast("taskAborted", [current]);
      resumeAsk(completed ? "resume_completed_task" : "resume_task", completed);
      break;
    }
    case "DeleteQueuedMessage":
      break; // nothing is ever queued here, and Roo says nothing when the id is unknown
    default:
      break;
  }
}

ipc.config.silent = true;
ipc.serve(socketPath, () => {
  ipc.server.on("connect", (socket) => {
    const clientId = randomBytes(6).toString("hex");
    clients.set(clientId, socket);
    socket.rooClientId = clientId;
    send(socket, { type: "Ack", origin: "server", data: { clientId, pid: process.pid, ppid: process.ppid } });
  });
  ipc.server.on("socket.disconnected", (socket) => clients.delete(socket.rooClientId));
  ipc.server.on("message", (data, socket) => {
    const result = checkMessage(data);
    const report = {
      command: data?.data?.commandName ?? null,
      ok: result.ok,
      error: result.error,
      stripped: result.ok ? result.stripped : [],
      clientIdOk: data?.clientId === socket.rooClientId,
    };
    process.stdout.write("FRAME " + JSON.stringify(report) + "\n");
    if (result.ok && report.clientIdOk && result.data.type === "TaskCommand") onCommand(result.data.data, socket);
  });
});
ipc.server.start();
console.log(`roo stand-in (node-ipc) listening on ${socketPath}`);
process.on("SIGTERM", () => {
  ipc.server.stop();
  process.exit(0);
});

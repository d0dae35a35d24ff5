// A Roo stand-in for contract tests: a node-ipc 12 server (the framing library Roo uses) on the socket
// named by ROO_CODE_IPC_SOCKET_PATH, like the extension. Every message a client sends is checked against
// Roo Code's own ipcMessageSchema (@roo-code/types) and reported on stdout as one line:
//   FRAME {"command":NAME,"ok":true|false,"error":...,"stripped":[keys Roo would drop],"clientIdOk":bool}
// It plays a minimal task so a client can drive every command: StartNewTask asks a followup, a message
// answers it and completes the task, CancelTask reloads the task with a resume ask, ResumeTask reopens a
// known task, queries are answered to the asking client only.
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
const tasks = new Set();
let current = null;
let openAsk = null; // "followup" | "completion_result" | "resume_task"
let lastTs = 0;
let stateTimer = null;

const ts = () => (lastTs = Math.max(Date.now(), lastTs + 1));
const send = (socket, message) => ipc.server.emit(socket, "message", message);
const event = (eventName, payload) => ({ type: "TaskEvent", origin: "server", data: { eventName, payload } });
const broadcast = (eventName, payload) => {
  for (const socket of clients.values()) send(socket, event(eventName, payload));
};
const message = (action, msg) => broadcast("message", [{ taskId: current, action, message: msg }]);
const usage = () => broadcast("taskTokenUsageUpdated", [current, { totalTokensIn: 10, totalTokensOut: 5, totalCost: 0.0001, contextTokens: 15 }, {}]);

function ask(kind, text, stateEvent) {
  openAsk = kind;
  message("created", text === undefined ? { ts: ts(), type: "ask", ask: kind } : { ts: ts(), type: "ask", ask: kind, text });
  clearTimeout(stateTimer);
  const taskId = current;
  stateTimer = setTimeout(() => {
    if (openAsk === kind && current === taskId) broadcast(stateEvent, [taskId]);
  }, STATE_EVENT_MS);
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
      tasks.add(current);
      broadcast("taskCreated", [current]);
      broadcast("taskFocused", [current]);
      message("created", { ts: ts(), type: "say", say: "text", text: data.text, images: data.images });
      usage();
      broadcast("taskStarted", [current]);
      ask("followup", JSON.stringify({ question: "Which language?", suggest: [{ answer: "English" }, { answer: "German" }] }), "taskInteractive");
      break;
    case "SendMessage":
      if (!current || !openAsk) break; // Roo would queue it; the relay must never send one then
      openAsk = null;
      broadcast("taskAskResponded", [current]);
      message("created", { ts: ts(), type: "say", say: "user_feedback", text: data?.text ?? "", images: data?.images ?? [] });
      message("created", { ts: ts(), type: "say", say: "completion_result", text: "Done." });
      usage();
      ask("completion_result", "", "taskIdle");
      break;
    case "CancelTask":
      if (!current) break;
      broadcast("taskAborted", [current]);
      broadcast("taskCreated", [current]);
      broadcast("taskFocused", [current]);
      usage();
      ask("resume_task", undefined, "taskResumable");
      break;
    case "ResumeTask":
      if (!tasks.has(data)) break;
      leaveCurrent();
      current = data;
      broadcast("taskCreated", [current]);
      broadcast("taskFocused", [current]);
      ask("resume_task", undefined, "taskResumable");
      break;
    case "DeleteQueuedMessage":
      if (current) broadcast("queuedMessagesUpdated", [current, []]);
      break;
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

package dev.rooremote.agent.mcp;

import dev.rooremote.client.AskPolicy;
import dev.rooremote.client.ImageFiles;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.client.SessionLookup;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The tools that act on a session's task: start, answer, approve, deny, cancel, resume. */
final class TaskTools {

    private final Relay relay;
    private final TaskRuns runs;

    TaskTools(Relay relay, TaskRuns runs) {
        this.relay = relay;
        this.runs = runs;
    }

    CallToolResult start(Arguments args) throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        String prompt = args.required("prompt", "what Roo should do");
        String mode = args.optional("mode");
        List<String> images = images(args.strings("images"));
        AskPolicy policy = policy(args);
        relay.requireConnected();
        relay.session(sessionId);
        String taskId = runs.start(sessionId, prompt, images, mode, policy);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("task_id", taskId);
        out.put("on_followup", policy.toString());
        out.put(
                "next",
                "Roo works on it now. Call wait_for_task with session '" + sessionId + "' and task_id '" + taskId
                        + "' for its outcome.");
        return ToolResults.ok(
                out, "Started task " + taskId + " in session " + sessionId + ".\nNext: " + out.get("next"));
    }

    CallToolResult answerFollowup(Arguments args) throws InterruptedException {
        String answer = args.required("answer", "the answer or message for Roo");
        return answer(
                args,
                (client, ask) -> ask.isFollowup()
                        ? client.answerAsk(sessionOf(args), ask.taskId(), ask.ts(), answer)
                        : client.sendMessage(sessionOf(args), ask.taskId(), ask.ts(), answer, List.of()));
    }

    CallToolResult approve(Arguments args) throws InterruptedException {
        return answer(args, (client, ask) -> client.approve(sessionOf(args), ask.taskId(), ask.ts()));
    }

    CallToolResult deny(Arguments args) throws InterruptedException {
        String feedback = args.optional("feedback");
        return answer(args, (client, ask) -> client.deny(sessionOf(args), ask.taskId(), ask.ts(), feedback));
    }

    CallToolResult cancel(Arguments args) throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        String taskId = args.optional("task_id");
        relay.requireConnected();
        relay.await(relay.client().cancel(sessionId, taskId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("cancelled", taskId == null ? "the current task" : taskId);
        out.put("next", "Roo keeps the task: resume_task reopens it, start_task gives Roo a new one.");
        return ToolResults.ok(
                out, "Cancelled " + out.get("cancelled") + " of session " + sessionId + ".\nNext: " + out.get("next"));
    }

    CallToolResult resume(Arguments args) throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        String taskId = args.required("task_id", "the task to reopen (list_history)");
        relay.requireConnected();
        String id = relay.await(relay.client().resume(sessionId, taskId));
        SessionInfo waiting = relay.awaitSession(
                sessionId,
                s -> s.pendingAsk() != null && s.pendingAsk().taskId().equals(id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("task_id", id);
        out.put("pending_ask", waiting == null ? null : Views.ask(waiting.pendingAsk()));
        out.put(
                "next",
                "Roo reopened the task and waits for a message: answer_followup with what to do (e.g. 'continue'),"
                        + " then wait_for_task.");
        return ToolResults.ok(out, "Reopened task " + id + " in session " + sessionId + ".\nNext: " + out.get("next"));
    }

    /** How one answering tool sends its answer to the pending ask. */
    private interface Answer {
        CompletableFuture<Void> send(RelayClient client, PendingAsk ask);
    }

    private CallToolResult answer(Arguments args, Answer answer) throws InterruptedException {
        String sessionId = sessionOf(args);
        String taskId = args.optional("task_id");
        relay.requireConnected();
        SessionInfo session = relay.session(sessionId);
        PendingAsk ask = SessionLookup.pendingAsk(session);
        if (taskId != null && !taskId.equals(ask.taskId())) {
            throw new RelayErrorException(
                    ErrorCode.STALE_ASK,
                    "the pending ask belongs to task " + ask.taskId() + ", not " + taskId,
                    null,
                    sessionId);
        }
        relay.await(answer.send(relay.client(), ask));
        boolean taken = relay.awaitSession(sessionId, s -> !sameAsk(s.pendingAsk(), ask)) != null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("task_id", ask.taskId());
        out.put("ask", Views.ask(ask));
        out.put(
                "next",
                (taken ? "Roo took it and goes on." : "Sent; Roo has not taken it up yet.")
                        + " Call wait_for_task with session '" + sessionId + "' and task_id '" + ask.taskId()
                        + "' for what comes next.");
        return ToolResults.ok(
                out, "Answered " + ask.ask() + " in task " + ask.taskId() + ".\nNext: " + out.get("next"));
    }

    private static boolean sameAsk(PendingAsk a, PendingAsk b) {
        return a != null && a.taskId().equals(b.taskId()) && a.ts() == b.ts();
    }

    private static String sessionOf(Arguments args) {
        return args.required("session", "the session id (list_sessions)");
    }

    private static AskPolicy policy(Arguments args) {
        String reply = args.optional("followup_answer");
        String policy = args.oneOf("on_followup", ToolCatalog.FOLLOWUP_POLICIES, reply == null ? "stop" : "answer");
        switch (policy) {
            case "first_suggestion":
                return AskPolicy.firstSuggestion();
            case "answer":
                if (reply == null) {
                    throw new BadArgumentException("followup_answer", "missing; on_followup 'answer' needs the reply");
                }
                return AskPolicy.answer(reply);
            default:
                return AskPolicy.stopOnFollowup();
        }
    }

    /** Data URLs as they are; file paths read as data URLs. */
    private static List<String> images(List<String> given) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String image = given.get(i);
            if (ImageFiles.isDataUrl(image)) {
                urls.add(image);
                continue;
            }
            try {
                urls.add(ImageFiles.dataUrl(Path.of(image)));
            } catch (IllegalArgumentException | IOException e) {
                String shown = image.length() > 80 ? image.substring(0, 79) + "…" : image;
                throw new BadArgumentException(
                        "images", "item " + i + " (" + shown + ") is no image data URL or file: " + e.getMessage());
            }
        }
        return urls;
    }
}

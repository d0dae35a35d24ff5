package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.demo.DemoTask.Answer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The demo Roo's side of its bridge (docs/BRIDGE.md): the bridge's requests answered on the engine
 * thread with the bridge's rules (only the ask waiting now, each at most once; Roo's settings and
 * provider profiles), and the events the bridge pushes, such as a command's exit status.
 */
final class DemoBridgeAnswers {

    private final DemoEngine engine;
    private final DemoSettings settings;
    /** Asks answered through the bridge, so a repeated answer is refused as the bridge refuses it. */
    private final Set<String> answeredThroughBridge = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1000;
        }
    });

    /** Where the demo's bridge takes the events it pushes (set while the bridge is served). */
    private volatile Consumer<ObjectNode> bridgeEvents = event -> {};

    DemoBridgeAnswers(DemoEngine engine, DemoSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** The demo's bridge pushes events to its clients through {@code sink}. */
    void bridgeEvents(Consumer<ObjectNode> sink) {
        bridgeEvents = sink == null ? event -> {} : sink;
    }

    /**
     * A command of {@code task} ended: the bridge reports its exit status, as roo-remote-bridge does once
     * Roo has handed the command's result to the model (docs/BRIDGE.md, section 6).
     */
    void commandExited(DemoTask task, long outputTs, ExitStatus status) {
        ObjectNode event = RooJson.object();
        event.put("type", "event");
        event.put("event", "commandExit");
        event.put("taskId", task.id);
        event.put("ts", outputTs);
        if (status.code() != null) {
            event.put("exitCode", status.code());
        } else {
            event.put("signal", status.signal());
        }
        bridgeEvents.accept(event);
    }

    /**
     * Approves or denies the ask waiting now, as the bridge does with Roo's {@code approveAsk}/{@code denyAsk}:
     * only the named ask of the current task, and each at most once. An approved tool or command goes on as
     * when auto-approved; a denied one as when rejected with feedback.
     */
    CompletableFuture<BridgeAnswer> answerThroughBridge(
            boolean approve, String taskId, long askTs, String text, List<String> images) {
        return onEngine(() -> {
            DemoTask task = engine.current();
            if (task == null) {
                return BridgeAnswer.error("no_pending_ask", "No task is running.");
            }
            if (answeredThroughBridge.contains(taskId + "/" + askTs)) {
                return BridgeAnswer.error(
                        "stale_ask", "The ask " + askTs + " of task " + taskId + " was already answered.");
            }
            ClineMessage ask = task.openAsk;
            if (ask == null) {
                return BridgeAnswer.error("no_pending_ask", "The current task is not waiting for an answer.");
            }
            if (!task.id.equals(taskId) || ask.ts() != askTs) {
                return BridgeAnswer.error(
                        "stale_ask",
                        "That ask is not the one waiting now; waiting: task " + task.id + ", ask " + ask.ts() + " ("
                                + ask.ask() + ").");
            }
            answeredThroughBridge.add(taskId + "/" + askTs);
            Answer answer = task.onAnswer;
            boolean stateEventSent = task.stateEventSent;
            // Roo's yesButtonClicked: approves a tool or command, retries a failed request
            boolean approval = AskKind.TOOL.equals(ask.ask())
                    || AskKind.COMMAND.equals(ask.ask())
                    || AskKind.API_REQ_FAILED.equals(ask.ask());
            engine.clearAsk(task);
            if (stateEventSent) {
                engine.lifecycle(RooEventName.TASK_ACTIVE, task);
            }
            task.approvedByQueue = approve && approval;
            String typed = approve && approval ? text : (text == null ? "" : text);
            answer.answered(typed, images == null ? List.of() : images);
            ObjectNode result = RooJson.object();
            result.put("taskId", taskId);
            result.put("askTs", askTs);
            result.put("ask", ask.ask().value());
            result.put("how", "task");
            result.set("detail", askDetail(ask));
            return BridgeAnswer.ok(result);
        });
    }

    /** Roo's settings as the bridge's getSettings gives them. */
    CompletableFuture<BridgeAnswer> settingsForBridge() {
        return onEngine(settings::forBridge);
    }

    /** Writes {@code values} over Roo's settings as the bridge's setSettings does. */
    CompletableFuture<BridgeAnswer> setSettingsFromBridge(JsonNode values) {
        return onEngine(() -> settings.set(values));
    }

    /** Roo's provider profiles as the bridge's listProfiles gives them. */
    CompletableFuture<BridgeAnswer> profilesForBridge() {
        return onEngine(settings::listProfiles);
    }

    /** Activates a provider profile as the bridge's activateProfile does. */
    CompletableFuture<BridgeAnswer> activateProfileFromBridge(JsonNode name) {
        return onEngine(() -> settings.activateProfile(name));
    }

    /** The ask waiting now, as the bridge's getPendingAsk gives it. */
    CompletableFuture<BridgeAnswer> pendingAskForBridge() {
        return onEngine(() -> {
            ObjectNode result = RooJson.object();
            DemoTask task = engine.current();
            if (task == null || task.openAsk == null) {
                result.putNull("pending");
            } else {
                ObjectNode pending = result.putObject("pending");
                pending.put("taskId", task.id);
                pending.put("askTs", task.openAsk.ts());
                pending.put("ask", task.openAsk.ask().value());
                pending.set("detail", askDetail(task.openAsk));
            }
            return BridgeAnswer.ok(result);
        });
    }

    /** What an ask is about, as the bridge reports it: never a file's content or a diff. */
    static ObjectNode askDetail(ClineMessage ask) {
        ObjectNode detail = RooJson.object();
        String text = ask.text() == null ? "" : ask.text();
        if (AskKind.COMMAND.equals(ask.ask())) {
            detail.put("command", text);
        } else if (AskKind.TOOL.equals(ask.ask()) || AskKind.FOLLOWUP.equals(ask.ask())) {
            JsonNode json = RooJson.parseObject(text).orElse(RooJson.object());
            List<String> fields = AskKind.TOOL.equals(ask.ask())
                    ? List.of("tool", "path", "mode", "reason", "isOutsideWorkspace")
                    : List.of("question");
            for (String field : fields) {
                JsonNode value = json.get(field);
                if (value != null && (value.isTextual() || value.isBoolean())) {
                    detail.set(field, value);
                }
            }
        }
        return detail;
    }

    private <T> CompletableFuture<T> onEngine(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            engine.executor.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }
}

package dev.rooremote.protocol.roo;

import static dev.rooremote.protocol.roo.JsonAssertions.assertJsonEquals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.IpcMessage.TaskEventMessage;
import dev.rooremote.protocol.roo.TaskEvent.*;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden JSON for a representative of every TaskEvent payload shape (the {@code data} of a TaskEvent). */
class TaskEventGoldenTest {

    /** Parses {@code {"eventName":..,"payload":..}}, checks it re-encodes identically, returns the event. */
    static TaskEvent roundTrip(String eventData) {
        JsonNode data = RooJson.parse(eventData);
        JsonNode message = RooJson.object()
                .put("type", "TaskEvent")
                .put("origin", "server")
                .set("data", data);
        IpcMessage decoded = IpcMessage.fromJson(message);
        assertThat(decoded).isInstanceOf(TaskEventMessage.class);
        assertJsonEquals(decoded.toJson(), message);
        return ((TaskEventMessage) decoded).event();
    }

    @Test
    void lifecycleEvents() {
        for (RooEventName name : TaskEvent.LIFECYCLE_NAMES) {
            TaskEvent event = roundTrip("{\"eventName\":\"" + name.wireName()
                    + "\",\"payload\":[\"01a211af-ebb1-71cb-9845-648894f22b79\"]}");
            assertThat(event).isEqualTo(new TaskLifecycleEvent(name, "01a211af-ebb1-71cb-9845-648894f22b79"));
            assertThat(event.knownName()).contains(name);
            assertThat(event.relatedTaskId()).contains("01a211af-ebb1-71cb-9845-648894f22b79");
        }
    }

    @Test
    void lifecycleEventKeepsExtraArguments() {
        TaskEvent event = roundTrip("""
                {"eventName":"taskAborted","payload":["t1",{"reason":"user"},3]}
                """);
        assertThat(((TaskLifecycleEvent) event).extraArgs()).hasSize(2);
    }

    @Test
    void message() {
        TaskEvent event = roundTrip("""
                {"eventName":"message","payload":[{"taskId":"01a211af-ebb1-71cb-9845-648894f22b79","action":"updated",
                  "message":{"ts":1795593071699,"type":"say","say":"text","text":"I'll start by reading the input file",
                  "partial":true,"images":[],"isProtected":false,"isAnswered":true,"apiProtocol":"openai",
                  "progressStatus":{"icon":"x","text":"y"},"checkpoint":{"hash":"abc"},"conversationHistoryIndex":3,
                  "reasoning":"because","contextCondense":{"cost":0.01,"prevContextTokens":10,"newContextTokens":5,"summary":"s"},
                  "metadata":{"a":1},"brandNew":{"nested":true}}}]}
                """);
        var m = (MessageEvent) event;
        assertThat(m.taskId()).isEqualTo("01a211af-ebb1-71cb-9845-648894f22b79");
        assertThat(m.isCreated()).isFalse();
        assertThat(m.message().say()).isEqualTo(SayKind.TEXT);
        assertThat(m.message().isPartial()).isTrue();
        assertThat(m.message().isAnswered()).isTrue();
        assertThat(m.message().conversationHistoryIndex()).isEqualTo(3);
        assertThat(m.message().extra()).containsOnlyKeys("brandNew");
    }

    @Test
    void messageWithUnknownAskKindIsTypedNotDropped() {
        TaskEvent event = roundTrip("""
                {"eventName":"message","payload":[{"taskId":"t","action":"created",
                  "message":{"ts":1,"type":"ask","ask":"fork_specific_ask","text":"?"}}]}
                """);
        var m = (MessageEvent) event;
        assertThat(m.message().ask()).isEqualTo(AskKind.of("fork_specific_ask"));
        assertThat(m.message().askCategory()).isEqualTo(AskCategory.UNKNOWN);
    }

    @Test
    void taskCompleted() {
        TaskEvent event = roundTrip("""
                {"eventName":"taskCompleted","payload":["t1",
                  {"totalTokensIn":29826,"totalTokensOut":77,"totalCacheWrites":0,"totalCacheReads":0,"totalCost":0.0123,"contextTokens":10187},
                  {"read_file":{"attempts":1,"failures":0},"write_to_file":{"attempts":2,"failures":1}},
                  {"isSubtask":false}]}
                """);
        var c = (TaskCompleted) event;
        assertThat(c.tokenUsage()).isEqualTo(new TokenUsage(29826, 77, 0L, 0L, 0.0123, 10187));
        assertThat(c.toolUsage()).containsEntry("write_to_file", new ToolStats(2, 1));
        assertThat(c.isSubtask()).isFalse();
    }

    @Test
    void tokenUsageUpdated() {
        TaskEvent event = roundTrip("""
                {"eventName":"taskTokenUsageUpdated","payload":["t1",
                  {"totalTokensIn":0,"totalTokensOut":0,"totalCost":0,"contextTokens":0},{}]}
                """);
        assertThat(event).isEqualTo(new TokenUsageUpdated("t1", new TokenUsage(0, 0, null, null, 0, 0), Map.of()));
    }

    @Test
    void taskToolFailed() {
        TaskEvent event = roundTrip("""
                {"eventName":"taskToolFailed","payload":["t1","apply_diff","Search block not found"]}
                """);
        assertThat(event).isEqualTo(new TaskToolFailed("t1", "apply_diff", "Search block not found"));
    }

    @Test
    void modeEvents() {
        assertThat(roundTrip("""
                {"eventName":"taskModeSwitched","payload":["t1","architect"]}
                """)).isEqualTo(new TaskModeSwitched("t1", "architect"));
        assertThat(roundTrip("""
                {"eventName":"modeChanged","payload":["debug"]}
                """)).isEqualTo(new ModeChanged("debug"));
    }

    @Test
    void askRespondedAndUserMessage() {
        assertThat(roundTrip("""
                {"eventName":"taskAskResponded","payload":["t1"]}
                """)).isEqualTo(new TaskAskResponded("t1"));
        assertThat(roundTrip("""
                {"eventName":"taskUserMessage","payload":["t1"]}
                """)).isEqualTo(new TaskUserMessage("t1"));
    }

    @Test
    void queuedMessagesUpdated() {
        TaskEvent event = roundTrip("""
                {"eventName":"queuedMessagesUpdated","payload":["t1",[
                  {"timestamp":1795593071543,"id":"q1","text":"also add tests","images":["data:image/png;base64,AA=="]},
                  {"timestamp":1795593071544,"id":"q2","text":"thanks"}]]}
                """);
        assertThat(event)
                .isEqualTo(new QueuedMessagesUpdated(
                        "t1",
                        List.of(
                                new QueuedMessage(
                                        "q1", "also add tests", List.of("data:image/png;base64,AA=="), 1795593071543L),
                                new QueuedMessage("q2", "thanks", null, 1795593071544L))));
    }

    @Test
    void subtaskEvents() {
        assertThat(roundTrip("""
                {"eventName":"taskSpawned","payload":["parent","child"]}
                """)).isEqualTo(new TaskSpawned("parent", "child"));
        assertThat(roundTrip("""
                {"eventName":"taskDelegated","payload":["parent","child"]}
                """)).isEqualTo(new TaskDelegated("parent", "child"));
        assertThat(roundTrip("""
                {"eventName":"taskDelegationCompleted","payload":["parent","child","All done"]}
                """)).isEqualTo(new TaskDelegationCompleted("parent", "child", "All done"));
        assertThat(roundTrip("""
                {"eventName":"taskDelegationResumed","payload":["parent","child"]}
                """)).isEqualTo(new TaskDelegationResumed("parent", "child"));
    }

    @Test
    void providerProfileChanged() {
        TaskEvent event = roundTrip("""
                {"eventName":"providerProfileChanged","payload":[{"name":"default","provider":"openai","id":"p1"}]}
                """);
        var p = (ProviderProfileChanged) event;
        assertThat(p.name()).isEqualTo("default");
        assertThat(p.provider()).isEqualTo("openai");
        assertThat(p.extra()).containsOnlyKeys("id");
    }

    @Test
    void queryResponses() {
        TaskEvent commands = roundTrip("""
                {"eventName":"commandsResponse","payload":[[{"name":"init","source":"built-in","filePath":"<built-in:init>",
                  "description":"Analyze codebase and create concise AGENTS.md files for AI assistants"}]]}
                """);
        assertThat(((CommandsResponse) commands).commands()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("init");
            assertThat(c.source()).isEqualTo("built-in");
            assertThat(c.filePath()).isEqualTo("<built-in:init>");
        });
        TaskEvent modes = roundTrip("""
                {"eventName":"modesResponse","payload":[[{"slug":"architect","name":"🏗️ Architect"},{"slug":"code","name":"💻 Code"}]]}
                """);
        assertThat(((ModesResponse) modes).modes())
                .containsExactly(new ModeInfo("architect", "🏗️ Architect"), new ModeInfo("code", "💻 Code"));
        TaskEvent models = roundTrip("""
                {"eventName":"modelsResponse","payload":[{"gpt-x":{"contextWindow":128000,"supportsPromptCache":false}}]}
                """);
        assertThat(((ModelsResponse) models)
                        .models()
                        .path("gpt-x")
                        .path("contextWindow")
                        .asInt())
                .isEqualTo(128000);
    }

    @Test
    void evalEvents() {
        assertThat(roundTrip("""
                {"eventName":"evalPass","taskId":42}
                """)).isEqualTo(new EvalPass(42L));
        assertThat(roundTrip("""
                {"eventName":"evalFail","taskId":43}
                """)).isEqualTo(new EvalFail(43L));
    }

    @Test
    void unknownEventNameIsKept() {
        TaskEvent event = roundTrip("""
                {"eventName":"forkOnlyEvent","payload":[{"anything":true},"x"]}
                """);
        assertThat(event).isInstanceOf(UnknownTaskEvent.class);
        assertThat(event.eventName()).isEqualTo("forkOnlyEvent");
        assertThat(event.knownName()).isEmpty();
    }

    @Test
    void knownNameWithUnexpectedPayloadIsKeptAsUnknown() {
        TaskEvent event = roundTrip("""
                {"eventName":"taskStarted","payload":[123]}
                """);
        assertThat(event).isInstanceOf(UnknownTaskEvent.class);
        assertThat(event.knownName()).contains(RooEventName.TASK_STARTED);
    }

    @Test
    void everyEventNameHasItsWireName() {
        assertThat(RooEventName.values()).hasSize(30);
        assertThat(Arrays.stream(RooEventName.values()).map(RooEventName::wireName))
                .contains("taskCreated", "message", "queuedMessagesUpdated", "evalFail", "providerProfileChanged");
        for (RooEventName name : RooEventName.values()) {
            assertThat(RooEventName.fromWire(name.wireName())).contains(name);
        }
        assertThat(RooEventName.fromWire("nope")).isEmpty();
    }
}

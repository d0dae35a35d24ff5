package dev.rooremote.relay.demo;

import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.protocol.roo.ToolStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * A task the demo Roo knows, so that ResumeTask can reload it: its prompt, what its finished API requests
 * cost, the tools it used, and the ask it left open. Roo counts usage from its finished requests (the
 * cache totals only once one has finished) and tools from the moment their ask is shown; a reloaded task
 * is a new instance in Roo that starts with no tool usage.
 *
 * <p>Confined to the engine thread.
 */
final class DemoTask {

    enum Scenario {
        EDIT,
        FOLLOWUP,
        COMMAND,
        LINT,
        LONG,
        FAILED
    }

    /** Something to do when the open ask is answered with a typed message. */
    interface Answer {
        void answered(String text, List<String> images);
    }

    final String id;
    final String prompt;
    final Scenario scenario;
    private final Map<String, ToolStats> tools = new LinkedHashMap<>();
    private long tokensIn;
    private long tokensOut;
    private double cost;
    private long context;
    private int requests;

    boolean completed;
    /** The api_req_started message of the model request in progress, 0 when none. */
    long openRequestTs;

    ClineMessage openAsk;
    Answer onAnswer;
    boolean stateEventSent;
    boolean approvedByQueue;
    ScheduledFuture<?> stateEvent;
    /** The throttle of this instance's usage events; a reloaded task gets a new one. */
    ChangeThrottle<TaskEvent.TokenUsageUpdated> usageEvents;

    DemoTask(String id, String prompt, Scenario scenario) {
        this.id = id;
        this.prompt = prompt;
        this.scenario = scenario;
    }

    int finishedRequests() {
        return requests;
    }

    void requestFinished(long in, long out, double requestCost) {
        requests++;
        tokensIn += in;
        tokensOut += out;
        cost += requestCost;
        context = in + out;
    }

    void use(String tool) {
        ToolStats old = tools.getOrDefault(tool, new ToolStats(0, 0));
        tools.put(tool, new ToolStats(old.attempts() + 1, old.failures()));
    }

    /** Roo reloaded the task as a new instance: tool usage starts again. */
    void reloaded() {
        tools.clear();
    }

    /** The usage of every finished request is no longer counted. */
    void forgetUsage() {
        requests = 0;
        tokensIn = 0;
        tokensOut = 0;
        cost = 0;
        context = 0;
    }

    TaskEvent.TokenUsageUpdated usageEvent() {
        Long cache = requests > 0 ? 0L : null;
        return usageEvent(new TokenUsage(tokensIn, tokensOut, cache, cache, cost, context));
    }

    TaskEvent.TokenUsageUpdated usageEvent(TokenUsage usage) {
        return new TaskEvent.TokenUsageUpdated(id, usage, tools);
    }
}

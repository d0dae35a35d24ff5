package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.rooremote.protocol.roo.IpcMessage.Ack;
import dev.rooremote.protocol.roo.IpcMessage.TaskCommandMessage;
import dev.rooremote.protocol.roo.IpcMessage.TaskEventMessage;
import dev.rooremote.protocol.roo.IpcMessage.UnknownIpcMessage;
import dev.rooremote.protocol.roo.TaskEvent.CommandsResponse;
import dev.rooremote.protocol.roo.TaskEvent.EvalFail;
import dev.rooremote.protocol.roo.TaskEvent.EvalPass;
import dev.rooremote.protocol.roo.TaskEvent.MessageEvent;
import dev.rooremote.protocol.roo.TaskEvent.ModeChanged;
import dev.rooremote.protocol.roo.TaskEvent.ModelsResponse;
import dev.rooremote.protocol.roo.TaskEvent.ModesResponse;
import dev.rooremote.protocol.roo.TaskEvent.ProviderProfileChanged;
import dev.rooremote.protocol.roo.TaskEvent.QueuedMessagesUpdated;
import dev.rooremote.protocol.roo.TaskEvent.TaskAskResponded;
import dev.rooremote.protocol.roo.TaskEvent.TaskCompleted;
import dev.rooremote.protocol.roo.TaskEvent.TaskDelegated;
import dev.rooremote.protocol.roo.TaskEvent.TaskDelegationCompleted;
import dev.rooremote.protocol.roo.TaskEvent.TaskDelegationResumed;
import dev.rooremote.protocol.roo.TaskEvent.TaskLifecycleEvent;
import dev.rooremote.protocol.roo.TaskEvent.TaskModeSwitched;
import dev.rooremote.protocol.roo.TaskEvent.TaskSpawned;
import dev.rooremote.protocol.roo.TaskEvent.TaskToolFailed;
import dev.rooremote.protocol.roo.TaskEvent.TaskUserMessage;
import dev.rooremote.protocol.roo.TaskEvent.TokenUsageUpdated;
import dev.rooremote.protocol.roo.TaskEvent.UnknownTaskEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tree-level reading and writing of Roo's IPC shapes. Done by hand rather than with Jackson polymorphism
 * because Roo's discriminators sit at different levels ({@code type}, {@code data.commandName},
 * {@code data.eventName}), payloads are positional tuples, and anything unreadable must fall back to an
 * "unknown" value instead of failing.
 */
final class RooCodec {

    private RooCodec() {}

    /** Thrown internally when a known name has a payload of the wrong shape; never escapes this class. */
    private static final class ShapeException extends RuntimeException {
        ShapeException(String message) {
            super(message, null, false, false);
        }
    }

    // ---------------------------------------------------------------- IpcMessage

    static IpcMessage decodeMessage(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new UnknownIpcMessage(json);
        }
        try {
            String type = json.path("type").asText("");
            return switch (type) {
                case "Ack" -> decodeAck(json);
                case "TaskCommand" -> decodeTaskCommandMessage(json);
                case "TaskEvent" -> decodeTaskEventMessage(json);
                default -> new UnknownIpcMessage(json);
            };
        } catch (RuntimeException e) {
            return new UnknownIpcMessage(json);
        }
    }

    private static Ack decodeAck(JsonNode json) {
        JsonNode data = object(json.get("data"), "Ack.data");
        Map<String, JsonNode> extra = rest(json, Set.of("type", "origin", "data"));
        Map<String, JsonNode> dataExtra = rest(data, Set.of("clientId", "pid", "ppid"));
        if (!dataExtra.isEmpty()) {
            throw new ShapeException("unknown keys in Ack.data");
        }
        return new Ack(
                text(data.get("clientId"), "clientId"), integer(data.get("pid")), integer(data.get("ppid")), extra);
    }

    private static TaskCommandMessage decodeTaskCommandMessage(JsonNode json) {
        Map<String, JsonNode> extra = rest(json, Set.of("type", "origin", "clientId", "data"));
        return new TaskCommandMessage(text(json.get("clientId"), "clientId"), decodeCommand(json.get("data")), extra);
    }

    private static TaskEventMessage decodeTaskEventMessage(JsonNode json) {
        JsonNode data = object(json.get("data"), "TaskEvent.data");
        Map<String, JsonNode> extra = rest(json, Set.of("type", "origin", "data"));
        String eventName = text(data.get("eventName"), "eventName");
        TaskEvent event = withEvalTaskId(decodeEvent(eventName, data.get("payload")), data);
        Set<String> known = event instanceof EvalPass || event instanceof EvalFail
                ? Set.of("eventName", "payload", "taskId")
                : Set.of("eventName", "payload");
        return new TaskEventMessage(event, extra, rest(data, known));
    }

    static ObjectNode encodeMessage(IpcMessage message) {
        if (message instanceof UnknownIpcMessage u) {
            if (u.raw().isObject()) {
                return (ObjectNode) u.raw().deepCopy();
            }
            throw new IllegalArgumentException("cannot encode a non-object unknown message: " + u.raw());
        }
        ObjectNode out = RooJson.object();
        out.put("type", message.type());
        out.put("origin", message.origin());
        if (message instanceof Ack a) {
            ObjectNode data = out.putObject("data");
            data.put("clientId", a.clientId());
            data.put("pid", a.pid());
            data.put("ppid", a.ppid());
            putAll(out, a.extra());
        } else if (message instanceof TaskCommandMessage c) {
            out.put("clientId", c.clientId());
            out.set("data", encodeCommand(c.command()));
            putAll(out, c.extra());
        } else if (message instanceof TaskEventMessage e) {
            putAll(out, e.extra());
            ObjectNode data = RooJson.object();
            data.put("eventName", e.event().eventName());
            JsonNode payload = e.event().payload();
            if (payload != null) {
                data.set("payload", payload);
            }
            if (e.event() instanceof EvalPass p && p.taskId() != null) {
                data.put("taskId", p.taskId());
            } else if (e.event() instanceof EvalFail f && f.taskId() != null) {
                data.put("taskId", f.taskId());
            }
            putAll(data, e.eventExtra());
            out.set("data", data);
        }
        return out;
    }

    // ---------------------------------------------------------------- TaskCommand

    static TaskCommand decodeCommand(JsonNode json) {
        JsonNode obj = object(json, "TaskCommand");
        String name = text(obj.get("commandName"), "commandName");
        JsonNode data = obj.get("data");
        try {
            return switch (name) {
                case "StartNewTask" -> {
                    JsonNode d = object(data, "StartNewTask.data");
                    yield new TaskCommand.StartNewTask(
                            RooSettings.fromJson(object(d.get("configuration"), "configuration")),
                            text(d.get("text"), "text"),
                            optionalStrings(d.get("images")),
                            optionalBoolean(d.get("newTab")));
                }
                case "CancelTask" -> new TaskCommand.CancelTask();
                case "CloseTask" -> new TaskCommand.CloseTask();
                case "ResumeTask" -> new TaskCommand.ResumeTask(text(data, "ResumeTask.data"));
                case "SendMessage" -> {
                    JsonNode d = object(data, "SendMessage.data");
                    yield new TaskCommand.SendMessage(optionalText(d.get("text")), optionalStrings(d.get("images")));
                }
                case "GetCommands" -> new TaskCommand.GetCommands();
                case "GetModes" -> new TaskCommand.GetModes();
                case "GetModels" -> new TaskCommand.GetModels();
                case "DeleteQueuedMessage" ->
                    new TaskCommand.DeleteQueuedMessage(text(data, "DeleteQueuedMessage.data"));
                default -> throw new ShapeException("unknown commandName " + name);
            };
        } catch (ShapeException e) {
            throw new IllegalArgumentException("not a Roo task command: " + e.getMessage(), e);
        }
    }

    static ObjectNode encodeCommand(TaskCommand command) {
        ObjectNode out = RooJson.object();
        out.put("commandName", command.commandName());
        if (command instanceof TaskCommand.StartNewTask s) {
            ObjectNode data = out.putObject("data");
            data.set("configuration", s.configuration().toJson());
            data.put("text", s.text());
            if (s.images() != null) {
                data.set("images", strings(s.images()));
            }
            if (s.newTab() != null) {
                data.put("newTab", s.newTab());
            }
        } else if (command instanceof TaskCommand.SendMessage s) {
            ObjectNode data = out.putObject("data");
            if (s.text() != null) {
                data.put("text", s.text());
            }
            if (s.images() != null) {
                data.set("images", strings(s.images()));
            }
        } else if (command instanceof TaskCommand.ResumeTask r) {
            out.put("data", r.taskId());
        } else if (command instanceof TaskCommand.DeleteQueuedMessage d) {
            out.put("data", d.messageId());
        }
        // CancelTask, CloseTask, GetCommands, GetModes and GetModels carry no data
        return out;
    }

    // ---------------------------------------------------------------- TaskEvent

    static TaskEvent decodeEvent(String eventName, JsonNode payload) {
        if (eventName == null) {
            return new UnknownTaskEvent("", payload);
        }
        RooEventName name = RooEventName.fromWire(eventName).orElse(null);
        if (name == null) {
            return new UnknownTaskEvent(eventName, payload);
        }
        try {
            return decodeKnownEvent(name, payload);
        } catch (RuntimeException e) {
            return new UnknownTaskEvent(eventName, payload);
        }
    }

    private static TaskEvent decodeKnownEvent(RooEventName name, JsonNode payload) {
        if (name == RooEventName.EVAL_PASS || name == RooEventName.EVAL_FAIL) {
            if (payload != null && !payload.isMissingNode()) {
                throw new ShapeException("eval events carry no payload");
            }
            // the numeric taskId sits next to the name; decodeTaskEventMessage fills it in
            return name == RooEventName.EVAL_PASS ? new EvalPass(null) : new EvalFail(null);
        }
        ArrayNode args = array(payload, name.wireName() + ".payload");
        if (TaskEvent.LIFECYCLE_NAMES.contains(name)) {
            return new TaskLifecycleEvent(name, text(arg(args, 0), "taskId"), tail(args, 1));
        }
        return switch (name) {
            case MESSAGE -> {
                JsonNode p = object(arg(args, 0), "message payload");
                yield new MessageEvent(
                        text(p.get("taskId"), "taskId"),
                        text(p.get("action"), "action"),
                        RooJson.convert(object(p.get("message"), "message"), ClineMessage.class),
                        rest(p, Set.of("taskId", "action", "message")),
                        tail(args, 1));
            }
            case TASK_COMPLETED -> {
                JsonNode flags = args.size() > 3 ? object(arg(args, 3), "isSubtask object") : null;
                if (flags != null && !rest(flags, Set.of("isSubtask")).isEmpty()) {
                    throw new ShapeException("unknown keys next to isSubtask");
                }
                yield new TaskCompleted(
                        text(arg(args, 0), "taskId"),
                        RooJson.convert(object(arg(args, 1), "tokenUsage"), TokenUsage.class),
                        toolUsage(arg(args, 2)),
                        flags == null ? null : optionalBoolean(flags.get("isSubtask")),
                        tail(args, 4));
            }
            case TASK_TOKEN_USAGE_UPDATED ->
                new TokenUsageUpdated(
                        text(arg(args, 0), "taskId"),
                        RooJson.convert(object(arg(args, 1), "tokenUsage"), TokenUsage.class),
                        toolUsage(arg(args, 2)),
                        tail(args, 3));
            case TASK_TOOL_FAILED ->
                new TaskToolFailed(
                        text(arg(args, 0), "taskId"),
                        text(arg(args, 1), "tool"),
                        text(arg(args, 2), "error"),
                        tail(args, 3));
            case TASK_MODE_SWITCHED ->
                new TaskModeSwitched(text(arg(args, 0), "taskId"), text(arg(args, 1), "mode"), tail(args, 2));
            case MODE_CHANGED -> new ModeChanged(text(arg(args, 0), "mode"), tail(args, 1));
            case TASK_ASK_RESPONDED -> new TaskAskResponded(text(arg(args, 0), "taskId"), tail(args, 1));
            case TASK_USER_MESSAGE -> new TaskUserMessage(text(arg(args, 0), "taskId"), tail(args, 1));
            case QUEUED_MESSAGES_UPDATED -> {
                List<QueuedMessage> messages = new ArrayList<>();
                for (JsonNode m : array(arg(args, 1), "queued messages")) {
                    messages.add(RooJson.convert(object(m, "queued message"), QueuedMessage.class));
                }
                yield new QueuedMessagesUpdated(text(arg(args, 0), "taskId"), messages, tail(args, 2));
            }
            case TASK_SPAWNED ->
                new TaskSpawned(text(arg(args, 0), "taskId"), text(arg(args, 1), "childTaskId"), tail(args, 2));
            case TASK_DELEGATED ->
                new TaskDelegated(text(arg(args, 0), "parentTaskId"), text(arg(args, 1), "childTaskId"), tail(args, 2));
            case TASK_DELEGATION_COMPLETED ->
                new TaskDelegationCompleted(
                        text(arg(args, 0), "parentTaskId"),
                        text(arg(args, 1), "childTaskId"),
                        text(arg(args, 2), "completionResultSummary"),
                        tail(args, 3));
            case TASK_DELEGATION_RESUMED ->
                new TaskDelegationResumed(
                        text(arg(args, 0), "parentTaskId"), text(arg(args, 1), "childTaskId"), tail(args, 2));
            case PROVIDER_PROFILE_CHANGED -> {
                JsonNode p = object(arg(args, 0), "provider profile");
                yield new ProviderProfileChanged(
                        text(p.get("name"), "name"),
                        text(p.get("provider"), "provider"),
                        rest(p, Set.of("name", "provider")),
                        tail(args, 1));
            }
            case COMMANDS_RESPONSE -> {
                List<CommandInfo> commands = new ArrayList<>();
                for (JsonNode c : array(arg(args, 0), "commands")) {
                    commands.add(RooJson.convert(object(c, "command"), CommandInfo.class));
                }
                yield new CommandsResponse(commands, tail(args, 1));
            }
            case MODES_RESPONSE -> {
                List<ModeInfo> modes = new ArrayList<>();
                for (JsonNode m : array(arg(args, 0), "modes")) {
                    modes.add(RooJson.convert(object(m, "mode"), ModeInfo.class));
                }
                yield new ModesResponse(modes, tail(args, 1));
            }
            case MODELS_RESPONSE -> new ModelsResponse(object(arg(args, 0), "models"), tail(args, 1));
            default -> throw new ShapeException("unhandled event " + name);
        };
    }

    static JsonNode encodePayload(TaskEvent event) {
        ArrayNode out = RooJson.mapper().createArrayNode();
        List<JsonNode> extraArgs = List.of();
        if (event instanceof TaskLifecycleEvent e) {
            out.add(e.taskId());
            extraArgs = e.extraArgs();
        } else if (event instanceof MessageEvent e) {
            ObjectNode p = out.addObject();
            p.put("taskId", e.taskId());
            p.put("action", e.action());
            p.set("message", RooJson.toTree(e.message()));
            putAll(p, e.extra());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskCompleted e) {
            out.add(e.taskId());
            out.add(RooJson.toTree(e.tokenUsage()));
            out.add(RooJson.toTree(e.toolUsage()));
            ObjectNode flags = out.addObject();
            if (e.isSubtask() != null) {
                flags.put("isSubtask", e.isSubtask());
            }
            extraArgs = e.extraArgs();
        } else if (event instanceof TokenUsageUpdated e) {
            out.add(e.taskId());
            out.add(RooJson.toTree(e.tokenUsage()));
            out.add(RooJson.toTree(e.toolUsage()));
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskToolFailed e) {
            out.add(e.taskId()).add(e.tool()).add(e.error());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskModeSwitched e) {
            out.add(e.taskId()).add(e.mode());
            extraArgs = e.extraArgs();
        } else if (event instanceof ModeChanged e) {
            out.add(e.mode());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskAskResponded e) {
            out.add(e.taskId());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskUserMessage e) {
            out.add(e.taskId());
            extraArgs = e.extraArgs();
        } else if (event instanceof QueuedMessagesUpdated e) {
            out.add(e.taskId());
            out.add(RooJson.toTree(e.messages()));
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskSpawned e) {
            out.add(e.taskId()).add(e.childTaskId());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskDelegated e) {
            out.add(e.parentTaskId()).add(e.childTaskId());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskDelegationCompleted e) {
            out.add(e.parentTaskId()).add(e.childTaskId()).add(e.completionResultSummary());
            extraArgs = e.extraArgs();
        } else if (event instanceof TaskDelegationResumed e) {
            out.add(e.parentTaskId()).add(e.childTaskId());
            extraArgs = e.extraArgs();
        } else if (event instanceof ProviderProfileChanged e) {
            ObjectNode p = out.addObject();
            p.put("name", e.name());
            p.put("provider", e.provider());
            putAll(p, e.extra());
            extraArgs = e.extraArgs();
        } else if (event instanceof CommandsResponse e) {
            out.add(RooJson.toTree(e.commands()));
            extraArgs = e.extraArgs();
        } else if (event instanceof ModesResponse e) {
            out.add(RooJson.toTree(e.modes()));
            extraArgs = e.extraArgs();
        } else if (event instanceof ModelsResponse e) {
            out.add(e.models().deepCopy());
            extraArgs = e.extraArgs();
        } else if (event instanceof EvalPass || event instanceof EvalFail) {
            return null;
        } else if (event instanceof UnknownTaskEvent e) {
            return e.payload() == null ? null : e.payload().deepCopy();
        }
        extraArgs.forEach(a -> out.add(a.deepCopy()));
        return out;
    }

    static TaskEvent withEvalTaskId(TaskEvent event, JsonNode data) {
        JsonNode id = data.get("taskId");
        if (id == null || !id.isIntegralNumber()) {
            return event;
        }
        if (event instanceof EvalPass) {
            return new EvalPass(id.longValue());
        }
        if (event instanceof EvalFail) {
            return new EvalFail(id.longValue());
        }
        return event;
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, ToolStats> toolUsage(JsonNode node) {
        JsonNode obj = object(node, "toolUsage");
        Map<String, ToolStats> out = new LinkedHashMap<>();
        obj.fields()
                .forEachRemaining(
                        e -> out.put(e.getKey(), RooJson.convert(object(e.getValue(), "tool stats"), ToolStats.class)));
        return out;
    }

    private static JsonNode arg(ArrayNode args, int index) {
        if (index >= args.size()) {
            throw new ShapeException("payload has no element " + index);
        }
        return args.get(index);
    }

    private static List<JsonNode> tail(ArrayNode args, int from) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = from; i < args.size(); i++) {
            out.add(args.get(i));
        }
        return out;
    }

    private static Map<String, JsonNode> rest(JsonNode obj, Set<String> known) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static void putAll(ObjectNode target, Map<String, JsonNode> extra) {
        extra.forEach((k, v) -> {
            if (!target.has(k)) {
                target.set(k, v.deepCopy());
            }
        });
    }

    private static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ShapeException(what + " must be an object");
        }
        return node;
    }

    private static ArrayNode array(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw new ShapeException(what + " must be an array");
        }
        return (ArrayNode) node;
    }

    private static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new ShapeException(what + " must be a string");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode node) {
        if (node == null) {
            return null;
        }
        return text(node, "optional string");
    }

    private static Boolean optionalBoolean(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new ShapeException("expected a boolean");
        }
        return node.booleanValue();
    }

    private static List<String> optionalStrings(JsonNode node) {
        if (node == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(node, "string list")) {
            out.add(text(e, "list element"));
        }
        return out;
    }

    private static long integer(JsonNode node) {
        if (node == null || !node.isIntegralNumber()) {
            throw new ShapeException("expected an integer");
        }
        return node.longValue();
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = RooJson.mapper().createArrayNode();
        values.forEach(out::add);
        return out;
    }

    // ---------------------------------------------------------------- Jackson glue

    static final class IpcMessageSerializer extends StdSerializer<IpcMessage> {
        IpcMessageSerializer() {
            super(IpcMessage.class);
        }

        @Override
        public void serialize(IpcMessage value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeTree(encodeMessage(value));
        }
    }

    static final class IpcMessageDeserializer extends StdDeserializer<IpcMessage> {
        IpcMessageDeserializer() {
            super(IpcMessage.class);
        }

        @Override
        public IpcMessage deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return decodeMessage(p.readValueAsTree());
        }
    }

    static final class TaskCommandSerializer extends StdSerializer<TaskCommand> {
        TaskCommandSerializer() {
            super(TaskCommand.class);
        }

        @Override
        public void serialize(TaskCommand value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeTree(encodeCommand(value));
        }
    }

    static final class TaskCommandDeserializer extends StdDeserializer<TaskCommand> {
        TaskCommandDeserializer() {
            super(TaskCommand.class);
        }

        @Override
        public TaskCommand deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = p.readValueAsTree();
            try {
                return decodeCommand(tree);
            } catch (IllegalArgumentException e) {
                throw ctxt.weirdStringException(String.valueOf(tree), TaskCommand.class, e.getMessage());
            }
        }
    }
}

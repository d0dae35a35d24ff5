package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A command a client sends to Roo (Roo's {@code taskCommandSchema}): {@code {"commandName":NAME,"data":...}}.
 * Commands without data carry no {@code data} key at all.
 */
@JsonSerialize(using = RooCodec.TaskCommandSerializer.class)
@JsonDeserialize(using = RooCodec.TaskCommandDeserializer.class)
public sealed interface TaskCommand {

    /** The wire {@code commandName}. */
    String commandName();

    /** This command as Roo's JSON. */
    default ObjectNode toJson() {
        return RooCodec.encodeCommand(this);
    }

    /** Reads a command; throws {@link IllegalArgumentException} if it is not one of Roo's commands. */
    static TaskCommand fromJson(JsonNode json) {
        return RooCodec.decodeCommand(json);
    }

    /**
     * Starts a new task with per-task settings. The configuration is the only way to set auto-approval over
     * IPC. {@code images} and {@code newTab} are optional (null = absent).
     */
    record StartNewTask(RooSettings configuration, String text, List<String> images, Boolean newTab)
            implements TaskCommand {
        public StartNewTask {
            configuration = configuration == null ? RooSettings.empty() : configuration;
            Objects.requireNonNull(text, "text");
            images = Extras.copyOrNull(images);
        }

        public StartNewTask(RooSettings configuration, String text) {
            this(configuration, text, null, null);
        }

        @Override
        public String commandName() {
            return "StartNewTask";
        }

        @Override
        public String toString() {
            // the configuration's own toString redacts secrets
            return "StartNewTask[configuration=" + configuration + ", text=" + text + ", images="
                    + (images == null ? null : images.size()) + ", newTab=" + newTab + "]";
        }
    }

    /** Cancels the current task; Roo then reloads it from history with a {@code resume_task} ask. */
    record CancelTask() implements TaskCommand {
        @Override
        public String commandName() {
            return "CancelTask";
        }
    }

    /** Closes the task. In VS Code this closes the whole window. */
    record CloseTask() implements TaskCommand {
        @Override
        public String commandName() {
            return "CloseTask";
        }
    }

    /** Reopens a task from history by id. Roo does not answer an unknown id. */
    record ResumeTask(String taskId) implements TaskCommand {
        public ResumeTask {
            Objects.requireNonNull(taskId, "taskId");
        }

        @Override
        public String commandName() {
            return "ResumeTask";
        }
    }

    /** Answers the pending ask with a typed message (both fields optional, null = absent). */
    record SendMessage(String text, List<String> images) implements TaskCommand {
        public SendMessage {
            images = Extras.copyOrNull(images);
        }

        public SendMessage(String text) {
            this(text, null);
        }

        @Override
        public String commandName() {
            return "SendMessage";
        }
    }

    record GetCommands() implements TaskCommand {
        @Override
        public String commandName() {
            return "GetCommands";
        }
    }

    record GetModes() implements TaskCommand {
        @Override
        public String commandName() {
            return "GetModes";
        }
    }

    record GetModels() implements TaskCommand {
        @Override
        public String commandName() {
            return "GetModels";
        }
    }

    record DeleteQueuedMessage(String messageId) implements TaskCommand {
        public DeleteQueuedMessage {
            Objects.requireNonNull(messageId, "messageId");
        }

        @Override
        public String commandName() {
            return "DeleteQueuedMessage";
        }
    }
}

package dev.rooremote.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.TranscriptMarkdown;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.roo.RooJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "transcript",
        mixinStandardHelpOptions = true,
        description = {
            "Print a task's transcript for review.",
            "%nThe prompt, every message, tool uses with paths and diffs, commands and their output, the result, tokens and cost."
        })
final class TranscriptCommand extends SessionCommand {

    enum Format {
        markdown,
        json
    }

    @Option(names = "--task", required = true, paramLabel = "ID", description = "The task (see 'roo-agent history').")
    String taskId;

    @Option(
            names = "--format",
            paramLabel = "markdown|json",
            defaultValue = "markdown",
            description = "markdown (default) for people and reviewer agents; json: {session, task, messages} with"
                    + " Roo's messages as Roo had them.")
    Format format;

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            AckResult.Transcript transcript = Commands.await(client.transcript(sessionId, taskId));
            if (format == Format.json) {
                ObjectNode json = RooJson.object();
                json.put("session", transcript.sessionId());
                json.set("task", RooJson.toTree(transcript.task()));
                json.set("messages", RooJson.toTree(transcript.messages()));
                agent.out().println(RooJson.write(json));
            } else {
                agent.out()
                        .print(TranscriptMarkdown.render(
                                transcript.sessionId(), transcript.task(), transcript.messages()));
            }
            agent.out().flush();
            return ExitCodes.OK;
        }
    }
}

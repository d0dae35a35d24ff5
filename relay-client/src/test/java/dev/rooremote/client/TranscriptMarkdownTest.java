package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptMarkdownTest {

    /** The final messages of recording 02 (Roo 3.52.1: read_file, write_to_file, attempt_completion). */
    private static final String RECORDED = """
            {"ts":1795593071543,"type":"say","say":"text","text":"Read input.txt and write an uppercase copy to output.txt"}
            {"ts":1795593071556,"type":"say","say":"api_req_started","text":"{\\"apiProtocol\\":\\"openai\\",\\"tokensIn\\":9715,\\"tokensOut\\":32,\\"cacheWrites\\":0,\\"cacheReads\\":0,\\"cost\\":0}"}
            {"ts":1795593071699,"type":"say","say":"text","text":"I'll start by reading the input file to see what it contains.","partial":false}
            {"ts":1795593071829,"type":"ask","ask":"tool","text":"{\\"tool\\":\\"readFile\\",\\"path\\":\\"input.txt\\",\\"isOutsideWorkspace\\":false,\\"content\\":\\"/home/dev/ws/input.txt\\"}","isAnswered":true}
            {"ts":1795593072516,"type":"ask","ask":"tool","text":"{\\"tool\\":\\"newFileCreated\\",\\"path\\":\\"output.txt\\",\\"content\\":\\"===================================================================\\\\n--- /dev/null\\\\n+++ output.txt\\\\n@@ -0,0 +1,3 @@\\\\n+APPLE\\\\n+BANANA\\\\n+CHERRY\\\\n\\",\\"isOutsideWorkspace\\":false,\\"isProtected\\":false,\\"diffStats\\":{\\"added\\":3,\\"removed\\":0}}","partial":false,"isProtected":false,"isAnswered":true}
            {"ts":1795593073000,"type":"ask","ask":"command","text":"npm test","isAnswered":true}
            {"ts":1795593073100,"type":"say","say":"command_output","text":"3 passing"}
            {"ts":1795593073200,"type":"ask","ask":"followup","text":"{\\"question\\":\\"Which case?\\",\\"suggest\\":[{\\"answer\\":\\"Upper\\"},{\\"answer\\":\\"Lower\\",\\"mode\\":\\"code\\"}]}"}
            {"ts":1795593073300,"type":"say","say":"user_feedback","text":"Upper"}
            {"ts":1795593074333,"type":"say","say":"completion_result","text":"I read input.txt and wrote its uppercase version to output.txt.","partial":false}
            {"ts":1795593074561,"type":"ask","ask":"completion_result","text":""}
            """;

    @Test
    void aReviewerSeesPromptToolsDiffsCommandsResultAndCost() {
        List<ClineMessage> messages = new ArrayList<>();
        RECORDED.lines().forEach(line -> messages.add(RooJson.convert(RooJson.parse(line), ClineMessage.class)));
        TaskSummary task = new TaskSummary(
                "01a211af-ebb1-71cb-9845-648894f22b79",
                "Read input.txt and write an uppercase copy to output.txt",
                TaskState.COMPLETED,
                1795593071543L,
                1795593074561L,
                new Tokens(29826, 77, 0, 0, 0.0123, 10187),
                null);

        String markdown = TranscriptMarkdown.render("demo-1", task, messages);

        assertThat(markdown)
                .startsWith("# Roo task 01a211af-ebb1-71cb-9845-648894f22b79\n")
                .contains("- Session: demo-1\n- State: completed\n")
                .contains("- Tokens: 29,826 in, 77 out")
                .contains("- Cost: $0.0123")
                .contains("## Prompt\n\n> Read input.txt and write an uppercase copy to output.txt\n")
                .contains("**Roo:**\n\nI'll start by reading the input file")
                .contains("**Tool use: readFile** `input.txt` _(approved)_")
                .contains("**Tool use: newFileCreated** `output.txt`")
                .contains(
                        "```diff\n===================================================================\n--- /dev/null\n"
                                + "+++ output.txt\n@@ -0,0 +1,3 @@\n+APPLE\n+BANANA\n+CHERRY\n```")
                .contains("**Command:** _(approved)_\n\n```sh\nnpm test\n```")
                .contains("**Command output:**\n\n```\n3 passing\n```")
                .contains("**Roo asks:** Which case?\n\n- suggestion: Upper\n- suggestion: Lower (mode code)")
                .contains("**You:**\n\n> Upper")
                .contains("_API request: 9,715 tokens in, 32 out, cost $0.0000_")
                .endsWith("## Result\n\nI read input.txt and wrote its uppercase version to output.txt.\n");
        assertThat(markdown.indexOf("## Prompt")).isLessThan(markdown.indexOf("## Messages"));
        assertThat(markdown).doesNotContain("**Roo:**\n\nRead input.txt");
    }

    @Test
    void anUnfinishedTaskSaysSoInsteadOfAResult() {
        TaskSummary task = new TaskSummary("t-1", "Do it", TaskState.ABORTED, 1, 2, Tokens.ZERO, null);
        List<ClineMessage> messages =
                List.of(ClineMessage.say(1, dev.rooremote.protocol.roo.SayKind.TEXT, "Working on it", true));
        String markdown = TranscriptMarkdown.render("s", task, messages);
        assertThat(markdown)
                .contains("**Roo:** _(unfinished)_\n\nWorking on it")
                .contains("## Result\n\n_No completion result (state: aborted)._");
    }

    @Test
    void aCommandsExitStatusIsPrintedWithItsOutputWhenTheRelayKnowsIt() {
        TaskSummary task = new TaskSummary("t-1", "x", TaskState.COMPLETED, 1, 2, Tokens.ZERO, null);
        List<ClineMessage> messages = List.of(
                ClineMessage.say(1, dev.rooremote.protocol.roo.SayKind.TEXT, "x", false),
                RooJson.convert(
                        RooJson.parse("{\"ts\":2,\"type\":\"say\",\"say\":\"command_output\",\"text\":\"1 failing\","
                                + "\"exitStatus\":{\"code\":1}}"),
                        ClineMessage.class),
                ClineMessage.say(3, dev.rooremote.protocol.roo.SayKind.COMMAND_OUTPUT, "no status", false));
        String markdown = TranscriptMarkdown.render("s", task, messages);
        assertThat(markdown)
                .contains("**Command output (exit 1):**\n\n```\n1 failing\n```")
                .contains("**Command output:**\n\n```\nno status\n```");
    }

    @Test
    void codeFencesSurviveBackticksInOutput() {
        TaskSummary task = new TaskSummary("t-1", "x", TaskState.COMPLETED, 1, 2, Tokens.ZERO, null);
        List<ClineMessage> messages = List.of(
                ClineMessage.say(1, dev.rooremote.protocol.roo.SayKind.TEXT, "x", false),
                ClineMessage.say(2, dev.rooremote.protocol.roo.SayKind.COMMAND_OUTPUT, "```\nnested\n```", false));
        assertThat(TranscriptMarkdown.render("s", task, messages)).contains("````\n```\nnested\n```\n````");
    }
}

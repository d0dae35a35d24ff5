package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AskWordsTest {

    private static PendingAsk ask(String kind, PendingAsk.Category category, String text) {
        return new PendingAsk("t-1", 12, kind, category, text);
    }

    @Test
    void sayWhatRooWaitsForInWordsNotProtocolNames() {
        PendingAsk newFile = ask(
                "tool",
                PendingAsk.Category.INTERACTIVE,
                "{\"tool\":\"newFileCreated\",\"path\":\"greeting.txt\",\"content\":\"hi\"}");
        assertThat(AskWords.awaited(newFile)).isEqualTo("approval to create greeting.txt");
        assertThat(AskWords.describe(newFile)).isEqualTo("Roo wants to create greeting.txt.");

        assertThat(AskWords.awaited(ask("command", PendingAsk.Category.INTERACTIVE, "npm test\n")))
                .isEqualTo("approval to run npm test");
        assertThat(AskWords.awaited(ask(
                        "followup",
                        PendingAsk.Category.INTERACTIVE,
                        "{\"question\":\"Which port?\",\"suggest\":[{\"answer\":\"8080\"},{\"answer\":\"9090\"}]}")))
                .isEqualTo("an answer to: Which port? (suggested: 8080 | 9090)");
        assertThat(AskWords.awaited(ask(
                        "use_mcp_server",
                        PendingAsk.Category.INTERACTIVE,
                        "{\"serverName\":\"github\",\"toolName\":\"create_issue\"}")))
                .isEqualTo("approval to use create_issue of the MCP server github");
        assertThat(AskWords.awaited(ask("resume_task", PendingAsk.Category.RESUMABLE, "")))
                .isEqualTo("a resume (the task was interrupted)");
        assertThat(AskWords.awaited(ask("completion_result", PendingAsk.Category.IDLE, "")))
                .startsWith("nothing: Roo finished");
        assertThat(AskWords.awaited(ask("api_req_failed", PendingAsk.Category.IDLE, "429")))
                .isEqualTo("a message that continues the task (Roo stopped: its API request failed)");
    }
}

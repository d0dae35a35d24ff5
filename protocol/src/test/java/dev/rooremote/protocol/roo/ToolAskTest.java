package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolAskTest {

    @Test
    void readFileAskFromTranscript02() {
        var ask = ToolAsk.parse("""
                        {"tool":"readFile","path":"input.txt","isOutsideWorkspace":false,"content":"/home/dev/project/input.txt","reason":"(up to 2000 lines)"}""").orElseThrow();
        assertThat(ask.tool()).isEqualTo("readFile");
        assertThat(ask.path()).isEqualTo("input.txt");
        assertThat(ask.isOutsideWorkspace()).isFalse();
        assertThat(ask.content()).isEqualTo("/home/dev/project/input.txt");
        assertThat(ask.diffText()).isEmpty();
        assertThat(ask.field("reason").map(n -> n.asText())).contains("(up to 2000 lines)");
    }

    @Test
    void newFileAskFromTranscript02CarriesItsDiffInContent() {
        var ask = ToolAsk.parse("""
                        {"tool":"newFileCreated","path":"output.txt","content":"===================================================================\\n--- /dev/null\\n+++ output.txt\\n@@ -0,0 +1,3 @@\\n+APPLE\\n+BANANA\\n+CHERRY\\n","isOutsideWorkspace":false,"isProtected":false,"diffStats":{"added":3,"removed":0}}""").orElseThrow();
        assertThat(ask.tool()).isEqualTo("newFileCreated");
        assertThat(ask.diffText()).hasValueSatisfying(d -> assertThat(d).contains("+APPLE"));
        assertThat(ask.isProtected()).isFalse();
        assertThat(ask.field("diffStats").map(n -> n.path("added").asInt())).contains(3);
    }

    @Test
    void editAskFromTranscript09() {
        var ask = ToolAsk.parse("""
                        {"tool":"editedExistingFile","path":"greeting.txt","content":"@@ -1,1 +1,1 @@\\n-Greeting requested in: German\\n+Greeting requested in: French\\n","isOutsideWorkspace":false,"isProtected":false,"diffStats":{"added":1,"removed":1}}""").orElseThrow();
        assertThat(ask.diffText()).hasValueSatisfying(d -> assertThat(d).startsWith("@@"));
    }

    @Test
    void diffFieldWins() {
        var ask = ToolAsk.parse("{\"tool\":\"appliedDiff\",\"path\":\"a\",\"diff\":\"<<<<<<< SEARCH\"}")
                .orElseThrow();
        assertThat(ask.diffText()).contains("<<<<<<< SEARCH");
    }

    @Test
    void toleratesMissingFieldsAndRejectsNonJson() {
        var ask = ToolAsk.parse("{\"batchFiles\":[]}").orElseThrow();
        assertThat(ask.toolOpt()).isEmpty();
        assertThat(ask.pathOpt()).isEmpty();
        assertThat(ask.isOutsideWorkspace()).isNull();
        assertThat(ask.extra()).containsKey("batchFiles");
        assertThat(ToolAsk.parse("{\"tool\":\"readF")).isEmpty();
        assertThat(ToolAsk.parse("")).isEmpty();
        assertThat(ToolAsk.parse("[1]")).isEmpty();
    }

    @Test
    void actionSaysInWordsWhatRooWantsToDo() {
        assertThat(action("{\"tool\":\"newFileCreated\",\"path\":\"greeting.txt\"}"))
                .isEqualTo("create greeting.txt");
        assertThat(action("{\"tool\":\"editedExistingFile\",\"path\":\"README.md\"}"))
                .isEqualTo("edit README.md");
        assertThat(action("{\"tool\":\"appliedDiff\",\"path\":\"a.js\",\"isOutsideWorkspace\":true}"))
                .isEqualTo("edit a.js (outside the workspace)");
        assertThat(action("{\"tool\":\"readFile\",\"path\":\"input.txt\"}")).isEqualTo("read input.txt");
        assertThat(action("{\"tool\":\"switchMode\",\"mode\":\"architect\"}")).isEqualTo("switch to architect mode");
        assertThat(action("{\"tool\":\"forkTool\",\"path\":\"x\"}")).isEqualTo("use the tool forkTool on x");
        assertThat(action("{}")).isEqualTo("use a tool");
    }

    private static String action(String json) {
        return ToolAsk.parse(json).orElseThrow().action();
    }
}

package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionListJsonTest {

    private static final TypeReference<List<SessionInfo>> SESSIONS = new TypeReference<>() {};

    /** Every field of every record set to something other than its default. */
    private static final SessionInfo FULL = new SessionInfo(
            "demo-1",
            "Demo 1",
            EndpointKind.LAUNCH,
            ConnectionStatus.DISCONNECTED,
            new Capabilities(true, true, false, true, "roo-remote-bridge 0.1.0"),
            new TaskSummary(
                    "task-1",
                    "Fix the tests",
                    TaskState.NEEDS_INPUT,
                    1_700_000_000_000L,
                    1_700_000_100_000L,
                    new Tokens(10, 20, 3, 4, 0.25, 5000),
                    "task-0"),
            new PendingAsk("task-1", 1_700_000_100_000L, "command", PendingAsk.Category.INTERACTIVE, "npm test"));

    private static final SessionInfo BARE =
            new SessionInfo("demo-2", "", EndpointKind.DEMO, ConnectionStatus.CONNECTED, null, null, null);

    private static String list(Object sessions) {
        ObjectNode answer = RooJson.object();
        answer.set("sessions", RooJson.toTree(sessions));
        return RooJson.write(answer);
    }

    /** What the relay's mapper would read from the same text. */
    private static List<SessionInfo> databind(String json) {
        return RooJson.mapper().convertValue(RooJson.parse(json).get("sessions"), SESSIONS);
    }

    @Test
    void readsEveryFieldTheRelayWrites() {
        String json = list(List.of(FULL, BARE));

        assertThat(SessionListJson.read(json)).contains(List.of(FULL, BARE));
    }

    @Test
    void readsAsTheProtocolMapperDoesUnknownAbsentAndNullFields() {
        String json = """
                {"relay":"r1","sessions":[
                  {"sessionId":"a","name":"A","endpoint":"teleport","connection":null,"extra":{"x":[1,2]},
                   "capabilities":{"deny":true},
                   "task":{"taskId":"t","state":"sleeping","startedAt":12.0,"tokens":null,"more":[]},
                   "pendingAsk":{"taskId":"t","ts":5,"ask":"followup","category":"pondering","text":null}},
                  {"sessionId":"b","name":"B","capabilities":null,"task":null}
                ],"next":null}""";

        List<SessionInfo> read = SessionListJson.read(json).orElseThrow();

        assertThat(read).isEqualTo(databind(json));
        assertThat(read.get(0).endpoint()).isEqualTo(EndpointKind.UNKNOWN);
        assertThat(read.get(0).task().state()).isEqualTo(TaskState.UNKNOWN);
        assertThat(read.get(1).capabilities()).isEqualTo(Capabilities.stockIpc());
    }

    @Test
    void anEmptyListIsEmpty() {
        assertThat(SessionListJson.read("{\"sessions\":[]}")).contains(List.of());
    }

    @Test
    void whatIsNoSessionListIsEmpty() {
        for (String notAList :
                List.of("", "<html>Bad gateway</html>", "[]", "{}", "{\"sessions\":{}}", "{\"sessions\":[{\"ses")) {
            assertThat(SessionListJson.read(notAList)).as(notAList).isEmpty();
        }
    }

    @Test
    void aSessionThatCannotBeReadSaysWhatIsWrong() {
        assertThatThrownBy(() -> SessionListJson.read("{\"sessions\":[{\"name\":\"A\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sessionId' is required");
        assertThatThrownBy(() -> SessionListJson.read("{\"sessions\":[{\"sessionId\":\"a\",\"name\":\"A\","
                        + "\"task\":{\"taskId\":\"t\",\"tokens\":{\"in\":-1}}}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens: token counts and cost cannot be negative");
        assertThatThrownBy(() -> SessionListJson.read("{\"sessions\":[{\"sessionId\":\"a\",\"name\":\"A\","
                        + "\"capabilities\":{\"approve\":\"yes\"}}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'approve' is not true or false");
        assertThatThrownBy(() -> SessionListJson.read("{\"sessions\":[7]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a session is not a JSON object");
    }
}

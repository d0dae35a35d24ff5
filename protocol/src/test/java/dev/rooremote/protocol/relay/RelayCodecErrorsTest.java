package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad frames fail closed with a stable code, the request id when there is one, and a message that says what to fix. */
class RelayCodecErrorsTest {

    private final RelayCodec codec = new RelayCodec(4096);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                   | malformed_json      |     | not valid JSON
            [1,2,3]                                                           | malformed_json      |     | JSON object
            {"type":"ping","id":"a"}                                          | unsupported_version | a   | no protocol version
            {"type":"ping","v":2,"id":"a"}                                    | unsupported_version | a   | version 2
            {"v":1,"id":"a"}                                                  | unknown_type        | a   | no 'type'
            {"type":"reboot","v":1,"id":"a"}                                  | unknown_type        | a   | 'reboot'
            {"type":"ping","v":1}                                             | bad_request         |     | 'id' is required
            {"type":"start_task","v":1,"id":"b","sessionId":"s"}              | bad_request         | b   | 'text' is required
            {"type":"send_message","v":1,"id":"c","sessionId":"s","taskId":"t","askTs":0,"text":"x"} | bad_request | c | askTs
            {"type":"subscribe","v":1,"id":"d","sessionId":"s","fromSeq":"soon"} | bad_request     | d   | 'fromSeq' must be a number
            {"type":"subscribe","v":1,"id":"d","sessionId":"s","fromSeq":"42"} | bad_request       | d   | 'fromSeq' must be a number
            {"type":"subscribe","v":1,"id":"d","sessionId":7}                 | bad_request         | d   | 'sessionId' must be a string
            {"type":"start_task","v":1,"id":"b","sessionId":"s","text":true}  | bad_request         | b   | 'text' must be a string
            {"type":"start_task","v":1,"id":"b","sessionId":"s","text":"x","images":"no"} | bad_request | b | 'images' must be a list
            {"type":"hello","v":1,"id":"h","resume":{"s":"3"}}                | bad_request         | h   | 'resume.s' must be a number
            {"type":"authenticate","v":1,"id":"t"}                            | bad_request         | t   | 'token' is required
            {"type":"update_settings","v":1,"id":"e","sessionId":"s","changes":{}} | bad_request    | e   | at least one key
            """)
    void badFramesAreRefusedWithAClearError(String frame, String code, String id, String messagePart) {
        assertThatThrownBy(() -> codec.decodeClient(frame)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code().wire()).isEqualTo(code);
            assertThat(e.requestId()).isEqualTo(id);
            assertThat(e.getMessage()).contains(messagePart);
            assertThat(e.getMessage())
                    .as("no Java names in what a client reads")
                    .doesNotContain("dev.rooremote", "java.", "`", "Exception");
            assertThat(e.toError().code().wire()).isEqualTo(code);
        });
    }

    @Test
    void anOversizedFrameIsRefusedBeforeParsing() {
        String big = "{\"type\":\"ping\",\"v\":1,\"id\":\"" + "x".repeat(5000) + "\"}";
        assertThatThrownBy(() -> codec.decodeClient(big))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    }

    @Test
    void unknownFieldsAreIgnoredAndUnknownServerFramesTolerated() throws Exception {
        assertThat(codec.decodeClient("{\"type\":\"ping\",\"v\":1,\"id\":\"a\",\"future\":true}"))
                .isEqualTo(new ClientMessage.Ping("a"));
        assertThat(codec.decodeServer("{\"type\":\"news\",\"v\":1,\"text\":\"hi\"}"))
                .isInstanceOf(ServerMessage.Unknown.class);
    }

    @Test
    void unknownEventKindsAndCodesAreKept() throws Exception {
        ServerMessage message = codec.decodeServer(
                "{\"type\":\"event\",\"v\":1,\"sessionId\":\"s\",\"seq\":1,\"time\":5,\"event\":{\"kind\":\"weather\",\"sunny\":true}}");
        SessionEvent event = ((ServerMessage.Event) message).event();
        assertThat(event).isInstanceOfSatisfying(SessionEvent.Unknown.class, unknown -> {
            assertThat(unknown.kind()).isEqualTo("weather");
            assertThat(unknown.fields().get("sunny").asBoolean()).isTrue();
        });
        ServerMessage error =
                codec.decodeServer("{\"type\":\"error\",\"v\":1,\"code\":\"brand_new\",\"message\":\"m\"}");
        assertThat(((ServerMessage.Error) error).code()).isEqualTo(ErrorCode.UNKNOWN);
    }
}

package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.RooJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every frame type of relay protocol v1, both directions, as the spec shows it: decoded and re-encoded unchanged. */
class RelayCodecGoldenTest {

    private final RelayCodec codec = new RelayCodec();

    static Stream<Arguments> clientFrames() {
        return Stream.of(
                frame(ClientMessage.Hello.class, """
                        {"type":"hello","v":1,"id":"1","client":"roo-agent/0.1.0","resume":{"demo-1":42}}"""),
                frame(ClientMessage.Subscribe.class, """
                        {"type":"subscribe","v":1,"id":"2","sessionId":"demo-1","fromSeq":42}"""),
                frame(ClientMessage.Subscribe.class, """
                        {"type":"subscribe","v":1,"id":"2b","sessionId":"demo-1"}"""),
                frame(ClientMessage.Unsubscribe.class, """
                        {"type":"unsubscribe","v":1,"id":"3","sessionId":"demo-1"}"""),
                frame(ClientMessage.ListSessions.class, """
                        {"type":"list_sessions","v":1,"id":"4"}"""),
                frame(ClientMessage.StartTask.class, """
                        {"type":"start_task","v":1,"id":"5","sessionId":"demo-1","text":"Add a README","images":["data:image/png;base64,iVBORw0KGgo="],"mode":"code"}"""),
                frame(ClientMessage.SendMessage.class, """
                        {"type":"send_message","v":1,"id":"6","sessionId":"demo-1","taskId":"t-1","askTs":1795593078291,"text":"German","images":[]}"""),
                frame(ClientMessage.AnswerAsk.class, """
                        {"type":"answer_ask","v":1,"id":"7","sessionId":"demo-1","taskId":"t-1","askTs":1795593078291,"answer":"German"}"""),
                frame(ClientMessage.Approve.class, """
                        {"type":"approve","v":1,"id":"8","sessionId":"demo-1","taskId":"t-1","askTs":1795593094548}"""),
                frame(ClientMessage.Deny.class, """
                        {"type":"deny","v":1,"id":"9","sessionId":"demo-1","taskId":"t-1","askTs":1795593094548,"feedback":"Use English"}"""),
                frame(ClientMessage.CancelTask.class, """
                        {"type":"cancel_task","v":1,"id":"10","sessionId":"demo-1","taskId":"t-1"}"""),
                frame(ClientMessage.ResumeTask.class, """
                        {"type":"resume_task","v":1,"id":"11","sessionId":"demo-1","taskId":"t-1"}"""),
                frame(ClientMessage.GetSettings.class, """
                        {"type":"get_settings","v":1,"id":"12","sessionId":"demo-1"}"""),
                frame(ClientMessage.UpdateSettings.class, """
                        {"type":"update_settings","v":1,"id":"13","sessionId":"demo-1","changes":{"mode":"architect","alwaysAllowWrite":true,"openAiApiKey":"sk-test","customInstructions":null}}"""),
                frame(ClientMessage.GetProfiles.class, """
                        {"type":"get_profiles","v":1,"id":"19","sessionId":"roo"}"""),
                frame(ClientMessage.UseProfile.class, """
                        {"type":"use_profile","v":1,"id":"20","sessionId":"roo","name":"local"}"""),
                frame(ClientMessage.GetHistory.class, """
                        {"type":"get_history","v":1,"id":"14","sessionId":"demo-1"}"""),
                frame(ClientMessage.GetTranscript.class, """
                        {"type":"get_transcript","v":1,"id":"15","sessionId":"demo-1","taskId":"t-1"}"""),
                frame(ClientMessage.DeleteQueuedMessage.class, """
                        {"type":"delete_queued_message","v":1,"id":"16","sessionId":"demo-1","messageId":"q-1"}"""),
                frame(ClientMessage.Ping.class, """
                        {"type":"ping","v":1,"id":"17"}"""),
                frame(ClientMessage.Authenticate.class, """
                        {"type":"authenticate","v":1,"id":"18","token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}"""),
                frame(ClientMessage.CreatePairingCode.class, """
                        {"type":"create_pairing_code","v":1,"id":"21"}"""),
                frame(ClientMessage.ListDevices.class, """
                        {"type":"list_devices","v":1,"id":"22"}"""),
                frame(ClientMessage.RevokeDevice.class, """
                        {"type":"revoke_device","v":1,"id":"23","deviceId":"3f9a01c2d4e5"}"""),
                frame(ClientMessage.PushSubscribe.class, """
                        {"type":"push_subscribe","v":1,"id":"24","endpoint":"https://push.example/send/abc","p256dh":"BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM","auth":"tBHItJI5svbpez7KI4CCXg"}"""),
                frame(ClientMessage.PushUnsubscribe.class, """
                        {"type":"push_unsubscribe","v":1,"id":"25","endpoint":"https://push.example/send/abc"}"""));
    }

    static final String SESSION_INFO = """
            {"sessionId":"demo-1","name":"demo-1","endpoint":"demo","connection":"connected",\
            "capabilities":{"approve":false,"readSettings":false,"deny":true,"profiles":false},\
            "task":{"taskId":"t-1","text":"Add a README","state":"needs-input","startedAt":1795593078000,\
            "updatedAt":1795593079000,"tokens":{"in":9721,"out":46,"cacheWrites":0,"cacheReads":0,"cost":0.0123,"contextTokens":9767}},\
            "pendingAsk":{"taskId":"t-1","ts":1795593078291,"ask":"followup","category":"interactive",\
            "text":"{\\"question\\":\\"Which language?\\",\\"suggest\\":[{\\"answer\\":\\"German\\"}]}"}}""";

    static Stream<Arguments> serverFrames() {
        return Stream.of(
                frame(ServerMessage.Welcome.class, """
                        {"type":"welcome","v":1,"id":"1","protocol":1,"relayVersion":"0.1.0","user":"alice","role":"admin","sessions":[%s]}""".formatted(SESSION_INFO)),
                frame(ServerMessage.Snapshot.class, """
                        {"type":"snapshot","v":1,"sessionId":"demo-1","seq":42,"snapshot":{"info":%s,"mode":"code",\
                        "modes":[{"slug":"code","name":"💻 Code"}],\
                        "messages":[{"ts":1795593078085,"type":"say","say":"text","text":"Add a README"}],\
                        "queued":[{"id":"q-1","text":"also add a licence","timestamp":1795593079000}],\
                        "history":[{"taskId":"t-1","text":"Add a README","state":"running","startedAt":1,"updatedAt":2,\
                        "tokens":{"in":0,"out":0,"cacheWrites":0,"cacheReads":0,"cost":0.0,"contextTokens":0}}]}}""".formatted(SESSION_INFO)),
                event("""
                        {"kind":"connection","status":"disconnected","detail":"socket closed"}"""),
                event("""
                        {"kind":"task_started","taskId":"t-1","text":"Add a README"}"""),
                event("""
                        {"kind":"task_state","taskId":"t-1","state":"completed"}"""),
                event("""
                        {"kind":"message","taskId":"t-1","created":false,\
                        "message":{"ts":1795593078204,"type":"say","say":"text","partial":true},"text":{"append":" I need one detail."}}"""),
                event("""
                        {"kind":"message","taskId":"t-1","created":true,\
                        "message":{"ts":1795593078204,"type":"ask","ask":"followup","partial":false},"text":{"replace":"{}"},"reasoning":{"append":"thinking"}}"""),
                event("""
                        {"kind":"message","taskId":"t-1","created":false,\
                        "message":{"ts":1795593078300,"type":"say","say":"command_output","partial":false,"exitStatus":{"code":2}}}"""),
                event("""
                        {"kind":"message","taskId":"t-1","created":false,\
                        "message":{"ts":1795593078301,"type":"say","say":"command_output","exitStatus":{"signal":"SIGTERM"}}}"""),
                event("""
                        {"kind":"ask_pending","ask":{"taskId":"t-1","ts":1795593078291,"ask":"tool","category":"interactive","text":"{\\"tool\\":\\"newFileCreated\\"}"}}"""),
                event("""
                        {"kind":"ask_resolved","taskId":"t-1","ts":1795593078291,"resolution":"answered"}"""),
                event("""
                        {"kind":"token_usage","taskId":"t-1","tokens":{"in":9721,"out":46,"cacheWrites":0,"cacheReads":0,"cost":0.01,"contextTokens":9767}}"""),
                event("""
                        {"kind":"mode","taskId":"t-1","mode":"architect"}"""),
                event("""
                        {"kind":"modes","modes":[{"slug":"code","name":"💻 Code"},{"slug":"ask","name":"❓ Ask"}]}"""),
                event("""
                        {"kind":"queued_messages","taskId":"t-1","messages":[{"id":"q-1","text":"also this","timestamp":5}]}"""),
                event("""
                        {"kind":"tool_failed","taskId":"t-1","tool":"write_to_file","error":"permission denied"}"""),
                event("""
                        {"kind":"settings_changed","by":"alice","settings":{"mode":"code","alwaysAllowWrite":true},"secrets":["openAiApiKey"]}"""),
                event("""
                        {"kind":"user_action","by":"bob","action":"cancel_task","taskId":"t-1"}"""),
                event("""
                        {"kind":"roo_event","name":"taskFocused","taskId":"t-1","payload":["t-1"]}"""),
                event("""
                        {"kind":"events_skipped","first":41,"last":11040}"""),
                event("""
                        {"kind":"capabilities","capabilities":{"approve":true,"readSettings":true,"deny":true,"profiles":true,\
                        "reason":"roo-remote-bridge 0.1.0 with RooVeterinaryInc.roo-cline 3.52.1"}}"""),
                event("""
                        {"kind":"capabilities","capabilities":{"approve":false,"readSettings":false,"deny":true,"profiles":false,\
                        "reason":"the bridge closed its connection (VS Code stopped?); reconnecting"}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"5","result":{"kind":"task_started","taskId":"t-1"}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"9"}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"4","result":{"kind":"sessions","sessions":[%s]}}""".formatted(SESSION_INFO)),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"19","result":{"kind":"profiles","sessionId":"roo",\
                        "profiles":[{"name":"default","apiProvider":"anthropic","modelId":"claude-sonnet-4-5"},{"name":"local"}],\
                        "active":"default"}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"12","result":{"kind":"settings","sessionId":"demo-1","settings":{"mode":"code","allowedCommands":["npm test"]},"secrets":["openAiApiKey"]}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"12","result":{"kind":"settings","sessionId":"demo-1","settings":{"mode":"code","allowedCommands":["npm test"]},"secrets":["openAiApiKey"],"source":"profile"}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"12","result":{"kind":"settings","sessionId":"roo","settings":{"mode":"code","alwaysAllowReadOnly":true},"secrets":["openAiApiKey"],"source":"roo"}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"14","result":{"kind":"history","sessionId":"demo-1","tasks":[{"taskId":"t-1","state":"completed","startedAt":1,"updatedAt":2,\
                        "tokens":{"in":1,"out":2,"cacheWrites":0,"cacheReads":0,"cost":0.5,"contextTokens":3}}]}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"15","result":{"kind":"transcript","sessionId":"demo-1","task":{"taskId":"t-1","state":"completed","startedAt":1,"updatedAt":2,\
                        "tokens":{"in":1,"out":2,"cacheWrites":0,"cacheReads":0,"cost":0.5,"contextTokens":3}},\
                        "messages":[{"ts":1795593096543,"type":"ask","ask":"completion_result","text":""}]}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"2","result":{"kind":"subscribed","sessionId":"demo-1","seq":42}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"17","result":{"kind":"pong","serverTime":1795593096543}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"21","result":{"kind":"pairing_code","code":"q3K8xZr0bT6mW1yVn4PcAe9sLd2","path":"/#pair=q3K8xZr0bT6mW1yVn4PcAe9sLd2","expiresAt":1795593396543}}"""),
                frame(ServerMessage.Ack.class, """
                        {"type":"ack","v":1,"id":"22","result":{"kind":"devices","devices":[{"id":"3f9a01c2d4e5","name":"Alice's phone","pairedAt":1795593096543,"signedIn":true,"current":false}]}}"""),
                frame(ServerMessage.Error.class, """
                        {"type":"error","v":1,"id":"6","code":"roo_busy","message":"Roo is working on task t-1; wait for its next question","sessionId":"demo-1"}"""),
                frame(ServerMessage.Error.class, """
                        {"type":"error","v":1,"code":"slow_consumer","message":"you fell 10000 events behind; reconnect and resume"}"""),
                frame(ServerMessage.SessionAdded.class, """
                        {"type":"session_added","v":1,"session":%s}""".formatted(SESSION_INFO)),
                frame(ServerMessage.SessionRemoved.class, """
                        {"type":"session_removed","v":1,"sessionId":"demo-1"}"""),
                frame(ServerMessage.SessionStatus.class, """
                        {"type":"session_status","v":1,"session":%s}""".formatted(SESSION_INFO)));
    }

    private static Arguments frame(Class<?> type, String json) {
        return Arguments.of(type.getSimpleName(), type, json);
    }

    private static Arguments event(String eventJson) {
        return frame(ServerMessage.Event.class, """
                {"type":"event","v":1,"sessionId":"demo-1","seq":43,"time":1795593078300,"event":%s}""".formatted(eventJson));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("clientFrames")
    void clientFramesRoundTrip(String name, Class<?> type, String json) throws Exception {
        ClientMessage message = codec.decodeClient(json);
        assertThat(message).isInstanceOf(type);
        assertSameJson(codec.encode(message), json);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("serverFrames")
    void serverFramesRoundTrip(String name, Class<?> type, String json) throws Exception {
        ServerMessage message = codec.decodeServer(json);
        assertThat(message).isInstanceOf(type);
        if (message instanceof ServerMessage.Event event) {
            assertThat(event.event()).isNotInstanceOf(SessionEvent.Unknown.class);
        }
        assertSameJson(codec.encode(message), json);
    }

    private static void assertSameJson(String actual, String expected) {
        JsonNode actualTree = RooJson.parse(actual);
        JsonNode expectedTree = RooJson.parse(expected);
        assertThat(actualTree).as(actual).isEqualTo(expectedTree);
    }
}

package dev.rooremote.protocol.roo;

import static dev.rooremote.protocol.roo.JsonAssertions.assertJsonEquals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.IpcMessage.Ack;
import dev.rooremote.protocol.roo.IpcMessage.TaskCommandMessage;
import dev.rooremote.protocol.roo.IpcMessage.TaskEventMessage;
import dev.rooremote.protocol.roo.IpcMessage.UnknownIpcMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden JSON for the IPC message envelope and the node-ipc frame, both directions. */
class IpcMessageGoldenTest {

    static IpcMessage roundTrip(String json) {
        JsonNode expected = RooJson.parse(json);
        IpcMessage message = IpcMessage.fromJson(expected);
        assertJsonEquals(message.toJson(), expected);
        // and through Jackson, as other modules will use it
        IpcMessage viaMapper = RooJson.convert(expected, IpcMessage.class);
        assertThat(viaMapper).isEqualTo(message);
        assertJsonEquals(RooJson.toTree(viaMapper), expected);
        return message;
    }

    @Test
    void ack() {
        var message = roundTrip("""
                {"type":"Ack","origin":"server","data":{"clientId":"6043e8798c7e","pid":10742,"ppid":1}}
                """);
        assertThat(message).isEqualTo(new Ack("6043e8798c7e", 10742, 1));
        assertThat(message.origin()).isEqualTo("server");
    }

    @Test
    void taskCommandMessage() {
        var message = roundTrip("""
                {"type":"TaskCommand","origin":"client","clientId":"6043e8798c7e",
                 "data":{"commandName":"ResumeTask","data":"01a211af-ebb1-71cb-9845-648894f22b79"}}
                """);
        assertThat(message)
                .isEqualTo(new TaskCommandMessage(
                        "6043e8798c7e", new TaskCommand.ResumeTask("01a211af-ebb1-71cb-9845-648894f22b79")));
        assertThat(message.origin()).isEqualTo("client");
    }

    @Test
    void taskEventMessageKeepsRelayClientIdAndUnknownKeys() {
        var message = roundTrip("""
                {"type":"TaskEvent","origin":"server","relayClientId":"abc","futureKey":[1,2],
                 "data":{"eventName":"taskIdle","payload":["t1"],"taskId":7}}
                """);
        assertThat(message).isInstanceOf(TaskEventMessage.class);
        var event = (TaskEventMessage) message;
        assertThat(event.event()).isEqualTo(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_IDLE, "t1"));
        assertThat(event.relayClientId()).contains("abc");
        assertThat(event.eventExtra()).containsKey("taskId");
    }

    @Test
    void unknownTypeIsKeptAsReceived() {
        var message = roundTrip("""
                {"type":"Connect","origin":"server","data":{"x":1}}
                """);
        assertThat(message).isInstanceOf(UnknownIpcMessage.class);
        assertThat(message.type()).isEqualTo("Connect");
    }

    @Test
    void malformedKnownTypeBecomesUnknownInsteadOfFailing() {
        var message = roundTrip("""
                {"type":"Ack","origin":"server","data":{"clientId":42}}
                """);
        assertThat(message).isInstanceOf(UnknownIpcMessage.class);
        var command = roundTrip("""
                {"type":"TaskCommand","origin":"client","clientId":"c","data":{"commandName":"Explode"}}
                """);
        assertThat(command).isInstanceOf(UnknownIpcMessage.class);
    }

    @Test
    void encoderWritesTheNodeIpcEnvelopeAndFormFeed() {
        byte[] frame = IpcFrameEncoder.encode(new TaskCommandMessage("id1", new TaskCommand.GetModes()));
        assertThat(frame[frame.length - 1]).isEqualTo((byte) '\f');
        String text = new String(frame, 0, frame.length - 1, StandardCharsets.UTF_8);
        assertJsonEquals(RooJson.parse(text), """
                {"type":"message","data":{"type":"TaskCommand","origin":"client","clientId":"id1",
                 "data":{"commandName":"GetModes"}}}
                """);
        assertThat(text).doesNotContain("null");
    }

    @Test
    void encodedFrameDecodesToTheSameMessage() {
        IpcMessage message = new TaskCommandMessage("id1", new TaskCommand.SendMessage("Grüße 🪃", List.of()));
        var results = new IpcFrameDecoder().feed(IpcFrameEncoder.encode(message));
        assertThat(results).singleElement().isInstanceOfSatisfying(IpcFrameDecoder.Frame.class, f -> assertThat(
                        f.message())
                .isEqualTo(message));
    }
}

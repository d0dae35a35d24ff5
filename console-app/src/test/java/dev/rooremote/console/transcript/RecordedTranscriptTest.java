package dev.rooremote.console.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.testing.RecordedTranscripts;
import dev.rooremote.console.testing.ScriptedDialogs;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.MessageKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real Roo traffic, turned into relay events by protocol's fold exactly as the relay does it, fed
 * to a session view-model: the console must show each message once, by kind, with the final text.
 */
class RecordedTranscriptTest {

    private final SessionInfo info = new SessionInfo(
            "s1", "demo", EndpointKind.DEMO, ConnectionStatus.CONNECTED, Capabilities.stockIpc(), null, null);
    private final TestLink link = new TestLink(Role.OPERATOR, List.of(info));
    private final SessionViewModel session =
            new SessionViewModel(link, "relay", info, UiExecutor.sameThread(), new ScriptedDialogs());
    private final SessionState relay = new SessionState("s1", "demo", EndpointKind.DEMO, Capabilities.stockIpc());
    private long seq;

    RecordedTranscriptTest() {
        link.feed(session);
    }

    @Test
    void aCompleteTaskWithToolsShowsEveryKindAndStreamsInPlace() {
        List<RecordedTranscripts.RooMessage> recorded = RecordedTranscripts.messages("02");
        long streamedTs = 1795593071699L;
        MessageViewModel[] streamed = new MessageViewModel[1];
        Set<MessageViewModel> instancesSeen = new HashSet<>();

        replay(recorded, 3, () -> session.transcript().find(streamedTs).ifPresent(vm -> {
            if (streamed[0] == null) {
                streamed[0] = vm;
            }
            instancesSeen.add(vm);
        }));

        TranscriptViewModel transcript = session.transcript();
        List<MessageKind> kinds =
                transcript.messages().stream().map(MessageViewModel::kind).toList();
        assertThat(kinds.get(0)).isEqualTo(MessageKind.PROMPT);
        assertThat(kinds)
                .contains(MessageKind.ASSISTANT, MessageKind.TOOL, MessageKind.API_REQUEST, MessageKind.COMPLETION)
                .doesNotContain(MessageKind.HIDDEN);
        assertThat(kinds.get(kinds.size() - 1)).isEqualTo(MessageKind.COMPLETION);
        assertThat(transcript.messages().stream()
                        .map(MessageViewModel::ts)
                        .distinct()
                        .count())
                .isEqualTo(transcript.messages().size());

        // One view-model per message for its whole stream: only that one cell re-renders.
        assertThat(instancesSeen).hasSize(1);
        assertThat(streamed[0].streaming()).isFalse();
        assertThat(streamed[0].message().text()).startsWith("I'll start by reading the input file");

        // What the console shows is what the relay's fold holds.
        String taskId = recorded.get(0).taskId();
        Map<Long, String> relayTexts = relay.transcript(taskId).orElseThrow().stream()
                .collect(Collectors.toMap(ClineMessage::ts, m -> String.valueOf(m.text())));
        transcript
                .messages()
                .forEach(vm -> assertThat(String.valueOf(vm.message().text())).isEqualTo(relayTexts.get(vm.ts())));
        assertThat(transcript.messages().get(transcript.messages().size() - 1).plainText())
                .contains("I read input.txt and wrote its uppercase version to output.txt.");
    }

    @Test
    void aFollowupShowsTheQuestionWithSuggestionsAndTheAnswer() {
        replay(RecordedTranscripts.messages("09"), 5, () -> {});

        List<MessageViewModel> messages = session.transcript().messages();
        MessageViewModel followup = messages.stream()
                .filter(m -> m.kind() == MessageKind.FOLLOWUP)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(followup.plainText())
                .contains("Which language should the greeting file be in?")
                .contains("- English")
                .contains("- German");
        assertThat(messages).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.USER);
            assertThat(m.message().text()).isEqualTo("French");
        });
    }

    @Test
    void aCancelledTaskEndsWithTheResumeMarker() {
        replay(RecordedTranscripts.messages("04"), 4, () -> {});

        List<MessageViewModel> messages = session.transcript().messages();
        assertThat(messages.get(messages.size() - 1).kind()).isEqualTo(MessageKind.RESUME);
    }

    /** Feeds the recording as the relay would send it, publishing every {@code batch} events. */
    private void replay(List<RecordedTranscripts.RooMessage> recorded, int batch, Runnable afterBatch) {
        Set<String> started = new HashSet<>();
        int inBatch = 0;
        for (RecordedTranscripts.RooMessage m : recorded) {
            if (started.add(m.taskId())) {
                send(new SessionEvent.TaskStarted(m.taskId(), null, null));
            }
            send(relay.messageEvent(m.taskId(), m.message()));
            if (++inBatch == batch) {
                session.endBatch();
                afterBatch.run();
                inBatch = 0;
            }
        }
        session.endBatch();
        afterBatch.run();
    }

    private void send(SessionEvent event) {
        seq++;
        relay.apply(seq, seq, event);
        link.push(new ServerMessage.Event("s1", seq, seq, event));
    }
}

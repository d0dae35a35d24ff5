package dev.rooremote.console.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TextDelta;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.SayKind;
import org.junit.jupiter.api.Test;

class FoldReaderTest {

    private final SessionState fold = new SessionState("s1", "demo", EndpointKind.DEMO, Capabilities.stockIpc());
    private final FoldReader reader = new FoldReader();
    private long seq;

    private RelayUpdate.Applied apply(SessionEvent event) {
        seq++;
        fold.apply(seq, seq, event);
        return reader.applied(new ServerMessage.Event("s1", seq, seq, event), fold);
    }

    private static SessionEvent.Message text(String task, long ts, boolean created, String delta) {
        return new SessionEvent.Message(
                task, created, ClineMessage.say(ts, SayKind.TEXT, null, true), TextDelta.append(delta), null);
    }

    @Test
    void aMessageComesAsFoldedFromItsDeltas() {
        apply(new SessionEvent.TaskStarted("t1", "hi", null));
        apply(text("t1", 5, true, "Hel"));
        RelayUpdate.Applied update = apply(text("t1", 5, false, "lo"));

        assertThat(update.message().text()).isEqualTo("Hello");
        assertThat(update.current()).isNull();
        assertThat(update.after().info().task().taskId()).isEqualTo("t1");
    }

    @Test
    void theWholeTranscriptComesOnlyWhenAnotherTaskBecomesCurrent() {
        RelayUpdate.Applied started = apply(new SessionEvent.TaskStarted("t1", "hi", null));
        assertThat(started.current()).isEmpty();
        apply(text("t1", 5, true, "one"));

        assertThat(apply(new SessionEvent.TaskStarted("t1", "hi", null)).current())
                .isNull();
        assertThat(apply(new SessionEvent.ModeChanged("t1", "ask")).after().mode())
                .isEqualTo("ask");

        RelayUpdate.Applied other = apply(new SessionEvent.TaskStarted("t2", "next", null));
        assertThat(other.current()).isEmpty();
        assertThat(other.message()).isNull();
    }

    @Test
    void aSnapshotSetsTheCurrentTask() {
        apply(new SessionEvent.TaskStarted("t1", "hi", null));
        apply(text("t1", 5, true, "one"));
        reader.reset("s1", fold.snapshot());

        RelayUpdate.Applied next = apply(text("t1", 6, true, "two"));
        assertThat(next.current()).isNull();
        assertThat(next.message().text()).isEqualTo("two");
    }
}

package dev.rooremote.testsupport.roo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.IpcFrameDecoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.testsupport.data.RooRecordings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Roo stand-in that replays recorded traffic of the real extension on a real Unix socket. The
 * recording's frames from Roo are grouped by the command that preceded them; when a command with that
 * name arrives, the frames that followed it in the recording are written, one write per recorded socket
 * read. Queries are answered with the recorded mode list. Several recordings of one Roo process can be
 * chained: their later Acks are dropped.
 */
public final class RecordedRoo implements AutoCloseable {

    private static final Set<String> QUERIES = Set.of("GetModes", "GetCommands", "GetModels");

    /** The frames Roo sent after one command of the recording. */
    private record Segment(String command, List<byte[]> writes) {}

    private final ServerSocketChannel server;
    private final List<byte[]> greeting = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final byte[] modes;
    private final List<TaskCommand> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private int cursor;

    /** Serves on {@code socket} the recordings named by {@code files} (see {@link RooRecordings#file}). */
    public RecordedRoo(Path socket, List<String> files) throws IOException {
        boolean first = true;
        for (String file : files) {
            load(RooRecordings.file(file), first);
            first = false;
        }
        this.modes = modesFrame();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(this::serve, "recorded-roo");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every command received, in order. */
    public List<TaskCommand> received() {
        return List.copyOf(received);
    }

    private void load(Path file, boolean keepAck) throws IOException {
        List<byte[]> current = greeting;
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int chunk = -1;
        for (String text : RooRecordings.lines(file)) {
            JsonNode line = RooJson.parse(text);
            String dir = line.path("dir").asText();
            if (dir.equals("out")) {
                flush(pending, current);
                chunk = -1;
                String command = line.path("frame")
                        .path("data")
                        .path("data")
                        .path("commandName")
                        .asText();
                Segment segment = new Segment(command, new ArrayList<>());
                segments.add(segment);
                current = segment.writes();
            } else if (dir.equals("in")) {
                boolean ack = "Ack"
                        .equals(line.path("frame").path("data").path("type").asText());
                if (ack && !keepAck) {
                    continue;
                }
                int lineChunk = line.path("chunk").asInt();
                if (lineChunk != chunk) {
                    flush(pending, current);
                    chunk = lineChunk;
                }
                pending.write(line.path("raw").asText().getBytes(StandardCharsets.UTF_8));
                pending.write('\f');
            }
        }
        flush(pending, current);
    }

    private static void flush(ByteArrayOutputStream pending, List<byte[]> into) {
        if (pending.size() > 0) {
            into.add(pending.toByteArray());
            pending.reset();
        }
    }

    private static byte[] modesFrame() {
        for (String text : RooRecordings.lines(RooRecordings.file("01"))) {
            JsonNode line = RooJson.parse(text);
            if ("modesResponse"
                    .equals(line.path("frame")
                            .path("data")
                            .path("data")
                            .path("eventName")
                            .asText())) {
                return (line.path("raw").asText() + "\f").getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no modesResponse in recording 01");
    }

    private void serve() {
        try (SocketChannel channel = server.accept()) {
            write(channel, greeting);
            IpcFrameDecoder decoder = new IpcFrameDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                for (IpcFrameDecoder.Result result : decoder.feed(buffer)) {
                    if (result instanceof IpcFrameDecoder.Frame frame
                            && frame.message() instanceof IpcMessage.TaskCommandMessage command) {
                        answer(channel, command.command());
                    }
                }
            }
        } catch (IOException e) {
            // the relay went away or the test closed the server
        }
    }

    private void answer(SocketChannel channel, TaskCommand command) throws IOException {
        received.add(command);
        String name = command.commandName();
        if (QUERIES.contains(name)) {
            if (name.equals("GetModes")) {
                write(channel, List.of(modes));
            }
            return;
        }
        for (int i = cursor; i < segments.size(); i++) {
            if (segments.get(i).command().equals(name)) {
                cursor = i + 1;
                write(channel, segments.get(i).writes());
                return;
            }
        }
    }

    private static void write(SocketChannel channel, List<byte[]> writes) throws IOException {
        for (byte[] bytes : writes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}

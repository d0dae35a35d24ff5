package dev.rooremote.testsupport.roo;

import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.TaskEvent;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Roo stand-in on a real Unix socket for tests and benchmarks: it accepts the relay, sends Roo's Ack
 * in node-ipc framing, then writes exactly what it is told to. What the relay sends is read and dropped.
 */
public final class ScriptedRoo implements AutoCloseable {

    private final ServerSocketChannel server;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile SocketChannel client;
    private long bytesWritten;

    public ScriptedRoo(Path socket) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::serve, "scripted-roo");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve() {
        try (SocketChannel channel = server.accept()) {
            client = channel;
            write(IpcFrameEncoder.encode(new IpcMessage.Ack("scripted", 1, 1)));
            connected.countDown();
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            while (channel.read(sink.clear()) >= 0) {
                // commands are not answered
            }
        } catch (IOException e) {
            // the relay or the test closed the connection
        }
    }

    /** Waits until the relay has connected and received the Ack. */
    public void awaitClient(Duration timeout) throws InterruptedException {
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the relay did not connect to the scripted Roo within " + timeout);
        }
    }

    /** Sends one Roo event as a node-ipc frame. */
    public void send(TaskEvent event) throws IOException {
        write(IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(event)));
    }

    /** Writes raw bytes to the relay, e.g. several frames in one write or a broken one. */
    public synchronized void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            client.write(buffer);
        }
        bytesWritten += bytes.length;
    }

    /** Every byte written to the relay so far, the Ack included. */
    public synchronized long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() throws IOException {
        SocketChannel channel = client;
        if (channel != null) {
            channel.close();
        }
        server.close();
    }
}

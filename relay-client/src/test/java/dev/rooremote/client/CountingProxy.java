package dev.rooremote.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that counts the bytes going each way: what a client really receives on the
 * wire, TLS records and WebSocket framing included. Every connection it accepts is forwarded to the target.
 * It can also cut its connections and refuse new ones, as a network that drops or goes away does.
 */
public final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong recordsToClient = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private final AtomicLong forwarded = new AtomicLong();

    public CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code url} with its port replaced by this proxy's. */
    public String rewrite(String url) {
        return url.replace(":" + targetPort + "/", ":" + port() + "/");
    }

    /** Bytes the target sent to clients so far. */
    public long bytesToClient() {
        return toClient.get();
    }

    /**
     * TLS records the target sent to clients so far, read from each record's 5-byte header (type,
     * version, length); meaningful only when the target speaks TLS.
     */
    public long recordsToClient() {
        return recordsToClient.get();
    }

    /**
     * Connections whose TLS handshake resumed an earlier session: the target's ServerHello (sent in
     * the clear) accepted one of the client's pre-shared keys (TLS 1.3, RFC 8446 4.2.11), so no
     * certificate followed.
     */
    public long resumedHandshakes() {
        return resumed.get();
    }

    /** Bytes clients sent to the target so far. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Connections forwarded to the target so far. */
    public long connections() {
        return forwarded.get();
    }

    /** Closes every connection open now: each client sees its connection drop. */
    public void cutAll() {
        sockets.forEach(CountingProxy::closeQuietly);
        sockets.removeIf(Socket::isClosed);
    }

    /** While {@code refusing}, connections are closed as soon as they are accepted. */
    public void refuse(boolean refusing) {
        this.refusing = refusing;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client = null;
            try {
                client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket();
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(target);
                pump(target, client, toClient, new RecordCounter(recordsToClient, resumed));
                pump(client, target, toServer, null);
                forwarded.incrementAndGet();
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection close
                if (client != null) {
                    closeQuietly(client);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, RecordCounter records) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                            if (records != null) {
                                records.read(buffer, n);
                            }
                            counter.addAndGet(n);
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "counting-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Counts TLS records in one direction of one connection by walking their headers, and reads the
     * first record (the ServerHello) to tell a resumed handshake.
     */
    private static final class RecordCounter {
        private static final int HEADER = 5;
        private static final int HANDSHAKE = 22;
        private static final int SERVER_HELLO = 2;
        private static final int PRE_SHARED_KEY = 41;
        private final AtomicLong records;
        private final AtomicLong resumed;
        private final byte[] header = new byte[HEADER];
        private int headerRead;
        private int bodyLeft;
        private boolean isFirst = true;
        private java.io.ByteArrayOutputStream first;

        RecordCounter(AtomicLong records, AtomicLong resumed) {
            this.records = records;
            this.resumed = resumed;
        }

        void read(byte[] bytes, int length) {
            int i = 0;
            while (i < length) {
                if (bodyLeft > 0) {
                    int skip = Math.min(bodyLeft, length - i);
                    if (first != null) {
                        first.write(bytes, i, skip);
                    }
                    bodyLeft -= skip;
                    i += skip;
                    if (bodyLeft == 0 && first != null) {
                        if (acceptsPreSharedKey(first.toByteArray())) {
                            resumed.incrementAndGet();
                        }
                        first = null;
                    }
                    continue;
                }
                header[headerRead++] = bytes[i++];
                if (headerRead == HEADER) {
                    headerRead = 0;
                    bodyLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                    records.incrementAndGet();
                    if (isFirst && header[0] == HANDSHAKE) {
                        first = new java.io.ByteArrayOutputStream();
                    }
                    isFirst = false;
                }
            }
        }

        /** True if {@code record} is a ServerHello with the pre_shared_key extension. */
        private static boolean acceptsPreSharedKey(byte[] record) {
            java.nio.ByteBuffer hello = java.nio.ByteBuffer.wrap(record);
            try {
                if ((hello.get() & 0xff) != SERVER_HELLO) {
                    return false;
                }
                hello.position(hello.position() + 3 + 2 + 32); // length, legacy version, random
                int sessionId = hello.get() & 0xff;
                hello.position(hello.position() + sessionId); // legacy session id
                hello.position(hello.position() + 2 + 1); // cipher suite, compression method
                int extensions = hello.getShort() & 0xffff;
                int end = hello.position() + extensions;
                while (hello.position() < end) {
                    int type = hello.getShort() & 0xffff;
                    int size = hello.getShort() & 0xffff;
                    if (type == PRE_SHARED_KEY) {
                        return true;
                    }
                    hello.position(hello.position() + size);
                }
                return false;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(CountingProxy::closeQuietly);
    }
}

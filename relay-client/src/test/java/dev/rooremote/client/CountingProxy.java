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
                pump(target, client, toClient, new RecordCounter(recordsToClient));
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

    /** Counts TLS records in one direction of one connection by walking their headers. */
    private static final class RecordCounter {
        private static final int HEADER = 5;
        private final AtomicLong records;
        private final byte[] header = new byte[HEADER];
        private int headerRead;
        private int bodyLeft;

        RecordCounter(AtomicLong records) {
            this.records = records;
        }

        void read(byte[] bytes, int length) {
            int i = 0;
            while (i < length) {
                if (bodyLeft > 0) {
                    int skip = Math.min(bodyLeft, length - i);
                    bodyLeft -= skip;
                    i += skip;
                    continue;
                }
                header[headerRead++] = bytes[i++];
                if (headerRead == HEADER) {
                    headerRead = 0;
                    bodyLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                    records.incrementAndGet();
                }
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

package dev.rooremote.relay.server;

import dev.rooremote.testsupport.roo.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request written byte for byte over a real (TLS) socket, for paths an HTTP client
 * library would normalise or refuse to send, such as {@code /assets/../index.html}.
 */
record RawHttp(int status, List<String> headers, String body) {

    static RawHttp get(RelayRuntime relay, String rawPath) throws IOException {
        return send(
                relay,
                "GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + relay.port() + "\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} (request line, headers and body, as written) and reads the whole answer. */
    static RawHttp send(RelayRuntime relay, String request) throws IOException {
        Socket socket = relay.tls() == null
                ? new Socket("127.0.0.1", relay.port())
                : WsClient.trusting(relay.tls().certificate())
                        .getSocketFactory()
                        .createSocket("127.0.0.1", relay.port());
        try (socket) {
            socket.setSoTimeout(20_000);
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            return new RawHttp(status, headers, text.substring(end + 4));
        }
    }

    Optional<String> header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headers.stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(h -> h.substring(prefix.length()).trim())
                .findFirst();
    }
}

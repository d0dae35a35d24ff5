package dev.rooremote.agent.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/** The host's side of stdio: the server runs until the host closes it (or it fails). */
final class EndOfInput extends FilterInputStream {

    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    EndOfInput(InputStream in) {
        super(in);
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        return seen(guard(super::read));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return seen(guard(() -> super.read(b, off, len)));
    }

    private interface Read {
        int read() throws IOException;
    }

    private int guard(Read read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            ended.complete(null);
            throw e;
        }
    }

    private int seen(int n) {
        if (n < 0) {
            ended.complete(null);
        }
        return n;
    }
}

package dev.rooremote.protocol.relay;

/** Constants of relay protocol v1, shared by the relay, the client library and the console. */
public final class RelayProtocol {
    /** The protocol version every frame carries in its {@code v} field. */
    public static final int VERSION = 1;

    public static final String WS_PATH = "/v1/ws";
    public static final String LOGIN_PATH = "/v1/auth/login";
    public static final String REFRESH_PATH = "/v1/auth/refresh";
    public static final String HEALTH_PATH = "/v1/health";
    /** The sessions the bearer token may see, as {@code list_sessions} answers them; read-only. */
    public static final String SESSIONS_PATH = "/v1/sessions";

    public static final String METRICS_PATH = "/metrics";

    /** Largest text frame either side accepts; larger frames are refused with {@code frame_too_large}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private RelayProtocol() {}
}

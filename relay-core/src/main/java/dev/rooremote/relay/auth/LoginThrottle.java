package dev.rooremote.relay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, separately per user name and per remote address: after a few free
 * failures each further failure locks the key out for twice as long as the last (capped). A
 * successful login clears its user's record. Kept in memory; bounded by forgetting quiet keys.
 */
public final class LoginThrottle {

    private static final int MAX_KEYS = 10_000;
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private final Clock clock;
    private final int freeFailuresPerUser;
    private final int freeFailuresPerAddress;
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this(clock, 5, 20);
    }

    public LoginThrottle(Clock clock, int freeFailuresPerUser, int freeFailuresPerAddress) {
        this.clock = clock;
        this.freeFailuresPerUser = freeFailuresPerUser;
        this.freeFailuresPerAddress = freeFailuresPerAddress;
    }

    /** Seconds to wait before this user or address may try again; 0 when it may try now. */
    public long retryAfterSeconds(String user, String address) {
        Instant now = clock.instant();
        long wait = Math.max(wait(userKey(user), now), wait(addressKey(address), now));
        return wait;
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        if (records.size() > MAX_KEYS) {
            records.values().removeIf(r -> r.quietSince(now));
        }
        fail(userKey(user), freeFailuresPerUser, now);
        fail(addressKey(address), freeFailuresPerAddress, now);
    }

    public void succeeded(String user) {
        records.remove(userKey(user));
    }

    private long wait(String key, Instant now) {
        Record record = records.get(key);
        if (record == null || record.lockedUntil == null || !now.isBefore(record.lockedUntil)) {
            return 0;
        }
        return Math.max(1, Duration.between(now, record.lockedUntil).toSeconds() + 1);
    }

    private void fail(String key, int free, Instant now) {
        records.compute(key, (k, record) -> {
            Record next = record == null || record.quietSince(now) ? new Record() : record;
            next.failures++;
            next.lastFailure = now;
            if (next.failures > free) {
                int over = Math.min(next.failures - free - 1, 20);
                Duration lock = Duration.ofSeconds(1L << over);
                next.lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            }
            return next;
        });
    }

    private static String userKey(String user) {
        return "u:" + (user == null ? "" : user.toLowerCase(java.util.Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }

    private static final class Record {
        int failures;
        Instant lastFailure;
        Instant lockedUntil;

        boolean quietSince(Instant now) {
            return lastFailure == null
                    || lastFailure.plus(MAX_LOCK).isBefore(now) && (lockedUntil == null || lockedUntil.isBefore(now));
        }
    }
}

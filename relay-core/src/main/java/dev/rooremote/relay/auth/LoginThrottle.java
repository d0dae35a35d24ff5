package dev.rooremote.relay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing without letting anyone lock an account's owner out. Failures count per
 * user name from one address, per address (across names), and per user name across addresses (four
 * times as many free); after the free ones each further failure locks that key out for twice as long
 * as the last (capped at 15 minutes). The account-wide lock, which stops guessing spread over many
 * addresses, never applies to an address the user logged in from successfully: guesses from elsewhere
 * cannot lock the owner out of their own machine. Kept in memory; bounded by forgetting quiet keys.
 */
public final class LoginThrottle {

    private static final int MAX_KEYS = 10_000;
    private static final int KNOWN_ADDRESSES_PER_USER = 20;
    private static final int ACCOUNT_FACTOR = 4;
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private final Clock clock;
    private final int freeFailuresPerUser;
    private final int freeFailuresPerAddress;
    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> knownAddresses = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this(clock, 5, 20);
    }

    public LoginThrottle(Clock clock, int freeFailuresPerUser, int freeFailuresPerAddress) {
        this.clock = clock;
        this.freeFailuresPerUser = freeFailuresPerUser;
        this.freeFailuresPerAddress = freeFailuresPerAddress;
    }

    /** Seconds to wait before this user may try again from this address; 0 when it may try now. */
    public long retryAfterSeconds(String user, String address) {
        Instant now = clock.instant();
        long wait = Math.max(wait(pairKey(user, address), now), wait(addressKey(address), now));
        if (!known(user, address)) {
            wait = Math.max(wait, wait(userKey(user), now));
        }
        return wait;
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        if (records.size() > MAX_KEYS) {
            records.values().removeIf(r -> r.quietSince(now));
        }
        fail(pairKey(user, address), freeFailuresPerUser, now);
        fail(addressKey(address), freeFailuresPerAddress, now);
        fail(userKey(user), freeFailuresPerUser * ACCOUNT_FACTOR, now);
    }

    /** The user logged in from this address: its failures there are forgiven and the address is known. */
    public void succeeded(String user, String address) {
        records.remove(pairKey(user, address));
        if (knownAddresses.size() > MAX_KEYS) {
            knownAddresses.clear();
        }
        Set<String> known = knownAddresses.computeIfAbsent(userKey(user), k -> ConcurrentHashMap.newKeySet());
        if (known.size() >= KNOWN_ADDRESSES_PER_USER) {
            known.clear();
        }
        known.add(address == null ? "" : address);
    }

    private boolean known(String user, String address) {
        Set<String> known = knownAddresses.get(userKey(user));
        return known != null && known.contains(address == null ? "" : address);
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

    private static String pairKey(String user, String address) {
        return "p:" + addressKey(address) + " " + userKey(user);
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

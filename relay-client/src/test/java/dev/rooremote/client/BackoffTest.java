package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void doublesUpToTheCap() {
        assertThat(Backoff.ceiling(0, INITIAL, MAX)).isEqualTo(500);
        assertThat(Backoff.ceiling(1, INITIAL, MAX)).isEqualTo(1000);
        assertThat(Backoff.ceiling(5, INITIAL, MAX)).isEqualTo(16_000);
        assertThat(Backoff.ceiling(6, INITIAL, MAX)).isEqualTo(30_000);
        assertThat(Backoff.ceiling(1000, INITIAL, MAX)).isEqualTo(30_000);
    }

    @Test
    void jitterStaysInTheUpperHalf() {
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = Backoff.ceiling(attempt, INITIAL, MAX);
            for (int i = 0; i < 200; i++) {
                long delay = Backoff.delay(attempt, INITIAL, MAX).toMillis();
                assertThat(delay).isBetween(ceiling / 2, ceiling);
            }
        }
    }
}

package dev.rooremote.console.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescingBridgeTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<CoalescingBridge.Batch<Integer>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void itemsOfOnePulseArriveTogetherAndInOrder() throws Exception {
        CoalescingBridge<Integer> bridge =
                new CoalescingBridge<>(batches::add, UiExecutor.sameThread(), timer, Duration.ofMillis(40), 1000);
        Thread producer = new Thread(() -> IntStream.range(0, 200).forEach(bridge::offer));
        producer.start();
        producer.join();

        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.pending() == 0 && !batches.isEmpty());
        List<Integer> all = batches.stream().flatMap(b -> b.items().stream()).toList();
        assertThat(all)
                .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        assertThat(batches).hasSizeLessThan(20).allSatisfy(b -> assertThat(b.overflowed())
                .isFalse());
    }

    @Test
    void aStalledUiThreadMakesTheBridgeDropAndSayRereadInsteadOfGrowing() {
        CoalescingBridge<Integer> bridge =
                new CoalescingBridge<>(batches::add, UiExecutor.sameThread(), timer, Duration.ofHours(1), 100);
        IntStream.range(0, 250).forEach(bridge::offer);

        assertThat(bridge.pending()).isLessThanOrEqualTo(100);
        bridge.flush();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).overflowed()).isTrue();
        assertThat(batches.get(0).items()).endsWith(249);
    }
}

package dev.rooremote.console.bench;

import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.app.Theme;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.connect.RelayConnector;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.TextDelta;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.testsupport.fx.FxThread;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Console rendering benchmark (a program, not a test): the real console window shows a session whose
 * transcript already holds 20,000 messages while a reply streams at 200 updates a second through the
 * same bridge the network uses. Prints FX pulse gaps (a gap over 50 ms is a stall the user sees),
 * how late FX-thread work runs, and heap use.
 *
 * <p>Run: {@code ./mvnw -B -o -pl console-app -am test-compile} then see {@code console-app/BENCHMARK.md}.
 * Headless by default (Monocle); pass {@code --display} to use the real display (e.g. under Xvfb).
 * {@code --history N}, {@code --rate N} and {@code --seconds N} change the load; {@code --warmup N} streams N
 * seconds before measuring (default 10).
 */
public final class TranscriptStreamBenchmark {

    private static int HISTORY = 20_000;
    private static int RATE = 200;
    private static int SECONDS = 30;
    /** Streaming before the measurement, so that the figures are for a console the JIT has compiled. */
    private static int WARMUP_SECONDS = 10;

    private static final String TASK = "task-bench";

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i++) {
            switch (args[i]) {
                case "--history":
                    HISTORY = Integer.parseInt(args[++i]);
                    break;
                case "--rate":
                    RATE = Integer.parseInt(args[++i]);
                    break;
                case "--seconds":
                    SECONDS = Integer.parseInt(args[++i]);
                    break;
                case "--warmup":
                    WARMUP_SECONDS = Integer.parseInt(args[++i]);
                    break;
                default:
            }
        }
        if (!Arrays.asList(args).contains("--display")) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
        }
        FxThread.start();

        SessionInfo info = new SessionInfo(
                "bench",
                "bench",
                EndpointKind.DEMO,
                ConnectionStatus.CONNECTED,
                Capabilities.stockIpc(),
                new TaskSummary(TASK, "benchmark", TaskState.RUNNING, 1, 1, Tokens.ZERO, null),
                null);
        TestLink link = new TestLink(Role.OPERATOR, List.of(info));
        FxThread.run(() -> {
            Theme.apply(false);
            Stage stage = new Stage();
            ConsoleWindow window = new ConsoleWindow(
                    stage,
                    new NoConnector(),
                    new ConnectionStore(Files.createTempDirectory("console-bench")),
                    new FxUiExecutor(),
                    w -> new dev.rooremote.console.testing.RecordingNotifier(),
                    Theme.LIGHT);
            stage.show();
            window.viewModel().add(link);
        });

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long startLoad = System.nanoTime();
        link.push(new ServerMessage.Snapshot(
                "bench", 0, new SessionSnapshot(info, "code", List.of(), history(), List.of(), List.of())));
        CountDownLatch loaded = new CountDownLatch(1);
        waitForFx(loaded);
        loaded.await();
        double loadMs = (System.nanoTime() - startLoad) / 1e6;

        PulseMonitor pulses = new PulseMonitor();
        Platform.runLater(pulses::start);
        AtomicLong maxHeap = new AtomicLong();
        List<Long> lateness = new ArrayList<>();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        load.scheduleAtFixedRate(
                () -> maxHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0,
                100,
                TimeUnit.MILLISECONDS);
        load.scheduleAtFixedRate(
                () -> {
                    long posted = System.nanoTime();
                    if (!pulses.counting) {
                        return;
                    }
                    Platform.runLater(() -> {
                        synchronized (lateness) {
                            lateness.add(System.nanoTime() - posted);
                        }
                    });
                },
                0,
                10,
                TimeUnit.MILLISECONDS);

        long[] seq = {0};
        long[] ts = {10_000_000L};
        int warmup = RATE * WARMUP_SECONDS;
        int total = RATE * SECONDS;
        CountDownLatch streamed = new CountDownLatch(warmup + total);
        long periodNanos = 1_000_000_000L / RATE;
        long[] streamStart = {System.nanoTime()};
        load.scheduleAtFixedRate(
                () -> {
                    long i = seq[0]++;
                    if (i == warmup) {
                        streamStart[0] = System.nanoTime();
                        pulses.startCounting();
                    }
                    SessionEvent event;
                    if (i % 100 == 0) {
                        ts[0]++;
                        event = new SessionEvent.Message(
                                TASK,
                                true,
                                ClineMessage.say(ts[0], SayKind.TEXT, null, true),
                                TextDelta.replace("Streaming reply " + ts[0] + ": "),
                                null);
                    } else {
                        event = new SessionEvent.Message(
                                TASK,
                                false,
                                ClineMessage.say(ts[0], SayKind.TEXT, null, i % 100 != 99),
                                TextDelta.append(
                                        i % 20 == 0 ? "\n\n```java\nint x = " + i + ";\n```\n" : "word " + i + " "),
                                null);
                    }
                    link.push(new ServerMessage.Event("bench", i + 1, System.currentTimeMillis(), event));
                    streamed.countDown();
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
        streamed.await();
        double streamSeconds = (System.nanoTime() - streamStart[0]) / 1e9;
        CountDownLatch drained = new CountDownLatch(1);
        waitForFx(drained);
        drained.await();
        load.shutdownNow();
        Platform.runLater(pulses::stop);
        CountDownLatch stopped = new CountDownLatch(1);
        waitForFx(stopped);
        stopped.await();

        System.gc();
        long afterGc = memory.getHeapMemoryUsage().getUsed();
        long[] gaps = pulses.gapsMillis();
        long[] late;
        synchronized (lateness) {
            late = lateness.stream().mapToLong(n -> n / 1_000_000).sorted().toArray();
        }
        System.out.println("Console transcript streaming benchmark");
        System.out.printf("  glass platform           %s%n", System.getProperty("glass.platform", "native"));
        System.out.printf(
                "  java                     %s, %d cores%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(
                "  transcript               %,d messages already shown (snapshot applied in %.0f ms)%n",
                HISTORY, loadMs);
        System.out.printf(
                "  stream                   %,d updates at %d/s over %.1f s (a new message every 100),"
                        + " measured after %d s of the same%n",
                total, RATE, streamSeconds, WARMUP_SECONDS);
        System.out.printf(
                "  FX pulses                %,d; gap p50 %d ms, p99 %d ms, max %d ms%n",
                gaps.length, pct(gaps, 50), pct(gaps, 99), gaps.length == 0 ? 0 : gaps[gaps.length - 1]);
        System.out.printf(
                "  pulses blocked > 50 ms   %d%s%n",
                Arrays.stream(gaps).filter(g -> g > 50).count(),
                pulses.longGaps.isEmpty()
                        ? ""
                        : " (at " + String.join(", ", pulses.longGaps) + " into the measurement)");
        System.out.printf(
                "  FX task latency          p50 %d ms, p99 %d ms, max %d ms (%,d probes)%n",
                pct(late, 50), pct(late, 99), late.length == 0 ? 0 : late[late.length - 1], late.length);
        System.out.printf(
                "  heap used                max %d MB while streaming, %d MB after GC (limit %d MB)%n",
                maxHeap.get() >> 20, afterGc >> 20, Runtime.getRuntime().maxMemory() >> 20);
        Platform.exit();
        System.exit(0);
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Counts down once the FX thread has handled everything queued before (twice: bridge pulse included). */
    private static void waitForFx(CountDownLatch latch) throws InterruptedException {
        Thread.sleep(200);
        Platform.runLater(() -> Platform.runLater(latch::countDown));
    }

    private static List<ClineMessage> history() {
        List<ClineMessage> list = new ArrayList<>(HISTORY);
        for (int i = 0; i < HISTORY; i++) {
            long ts = 1_000_000L + i;
            switch (i % 5) {
                case 0:
                    list.add(ClineMessage.say(ts, SayKind.TEXT, "Message " + i + " with **bold** and `code`.", false));
                    break;
                case 1:
                    list.add(ClineMessage.say(
                            ts,
                            SayKind.API_REQ_STARTED,
                            "{\"tokensIn\":" + i + ",\"tokensOut\":12,\"cost\":0.0012}",
                            false));
                    break;
                case 2:
                    list.add(ClineMessage.ask(
                            ts,
                            AskKind.TOOL,
                            "{\"tool\":\"editedExistingFile\",\"path\":\"src/F" + i
                                    + ".java\",\"diff\":\"@@ -1 +1 @@\\n-old\\n+new\"}",
                            false));
                    break;
                case 3:
                    list.add(ClineMessage.ask(ts, AskKind.COMMAND, "npm test -- --grep case" + i, false));
                    break;
                default:
                    list.add(ClineMessage.say(ts, SayKind.COMMAND_OUTPUT, "ok " + i + "\npassed", false));
            }
        }
        return list;
    }

    /** Records the time between consecutive FX pulses. */
    private static final class PulseMonitor extends AnimationTimer {
        private final List<Long> gaps = new ArrayList<>();
        private final List<String> longGaps = new ArrayList<>();
        private volatile boolean counting;
        private long countingSince;
        private long last;

        void startCounting() {
            countingSince = System.nanoTime();
            counting = true;
        }

        @Override
        public void handle(long now) {
            if (last != 0 && counting) {
                long gap = (now - last) / 1_000_000;
                gaps.add(gap);
                if (gap > 50) {
                    longGaps.add(String.format("%.1f s: %d ms", (now - countingSince) / 1e9, gap));
                }
            }
            last = now;
        }

        long[] gapsMillis() {
            return gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    private static final class NoConnector implements RelayConnector {
        @Override
        public String fetchFingerprint(java.net.URI url) {
            throw new UnsupportedOperationException("the benchmark does not connect");
        }

        @Override
        public RelayLink connect(
                java.net.URI url, Credentials credentials, String fingerprint, java.util.function.Consumer<String> r) {
            throw new UnsupportedOperationException("the benchmark does not connect");
        }
    }
}

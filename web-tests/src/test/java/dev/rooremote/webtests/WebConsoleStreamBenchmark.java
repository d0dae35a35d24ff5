package dev.rooremote.webtests;

import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.roo.ScriptedRoo;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openqa.selenium.By;

/**
 * Whether the web console keeps the page responsive while a reply streams into a long transcript (a
 * benchmark, not a test; it prints its figures). A Roo stand-in on a real Unix socket gives a session a
 * task whose transcript already holds 2,000 messages (Markdown paragraphs, some with code), then streams a
 * 20,000-character reply at 200 updates a second for 10 s (the whole text so far each time, 10 characters
 * more), as Roo does. Headless Chromium shows the session in the console at a phone's size; in the page a
 * {@code PerformanceObserver} for {@code longtask} collects every main-thread task over 50 ms during the
 * stream, and a {@code requestAnimationFrame} loop times the frames.
 *
 * <p>The floor, in the same run and the same browser, alternating: the same stream into a page without the
 * app, a blank page of the same relay (its {@code /v1/health}) where a few lines open the WebSocket,
 * subscribe, put the 2,000 messages into {@code <pre>} elements and append each text delta to its own.
 * It runs once per stream interval of the relay ({@code -Dbench.intervals=250,0}: 250 ms, the relay's
 * default, sends a message's updates at most four times a second; 0 sends all 200 a second).
 *
 * <p>After the measured rounds, one more stream into the console is traced ({@link MainThreadTrace}; the
 * trace slows the page, so this round only says where the main thread's time goes), and with
 * {@code -Dbench.profile=true} one more under the JavaScript profiler ({@link ScriptProfile}: which of the
 * page's functions the script time goes to).
 *
 * <p>Run (about two minutes) as {@link WebConsoleOpenBenchmark} shows, with this class's name. Options:
 * {@code -Dbench.intervals=250,0 -Dbench.rounds=1 -Dbench.messages=2000 -Dbench.updates=2000
 * -Dbench.paceMillis=5 -Dbench.trace=true -Dbench.profile=false}.
 */
public final class WebConsoleStreamBenchmark {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 2_000);
    private static final int UPDATES = Integer.getInteger("bench.updates", 2_000);
    private static final int CHUNK = 10;
    private static final long PACE_MILLIS = Long.getLong("bench.paceMillis", 5);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
    private static final boolean TRACE = Boolean.parseBoolean(System.getProperty("bench.trace", "true"));
    private static final boolean PROFILE = Boolean.parseBoolean(System.getProperty("bench.profile", "false"));
    private static final String TASK = "0199a000-0000-7000-8000-00000000c001";
    private static final long TS = 1_795_593_200_000L;

    /** Collects long tasks and frame gaps from now on; {@code window.__bench()} reads them. */
    private static final String PROBE = """
            const longTasks = [];
            const observer = new PerformanceObserver((list) => {
              for (const e of list.getEntries()) longTasks.push(e.duration);
            });
            observer.observe({ type: 'longtask' });
            const frames = [];
            let last = performance.now();
            let running = true;
            const tick = (now) => {
              frames.push(now - last);
              last = now;
              if (running) requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
            window.__bench = () => {
              running = false;
              observer.takeRecords().forEach((e) => longTasks.push(e.duration));
              observer.disconnect();
              return { longTasks, frames };
            };
            """;

    /** The page without the app: the same WebSocket stream, each message in a {@code <pre>}, each delta appended. */
    private static final String FLOOR_CLIENT = """
            const [url, token, session] = arguments;
            document.body.textContent = '';
            const shown = new Map();
            const add = (ts, text) => {
              const pre = document.createElement('pre');
              pre.textContent = text;
              document.body.append(pre);
              shown.set(ts, pre);
              return pre;
            };
            const ws = new WebSocket(url);
            window.__floorSocket = ws;
            ws.onopen = () => ws.send(JSON.stringify({ type: 'authenticate', v: 1, id: '1', token }));
            ws.onmessage = (e) => {
              const f = JSON.parse(e.data);
              if (f.type === 'ack' && f.id === '1') {
                ws.send(JSON.stringify({ type: 'subscribe', v: 1, id: '2', sessionId: session }));
              } else if (f.type === 'snapshot') {
                for (const m of f.snapshot.messages) add(m.ts, m.text ?? '');
                window.__floorReady = shown.size;
              } else if (f.type === 'event' && f.event.kind === 'message') {
                const ev = f.event;
                const pre = shown.get(ev.message.ts) ?? add(ev.message.ts, '');
                if (ev.text && 'append' in ev.text) pre.append(ev.text.append);
                else if (ev.text && 'replace' in ev.text) pre.textContent = ev.text.replace;
                window.__floorLast = pre;
              }
            };
            """;

    private WebConsoleStreamBenchmark() {}

    public static void main(String[] args) throws Exception {
        WebConsoleOpenBenchmark.quietRelayLogs();
        if (Browser.missing().isPresent()) {
            System.out.println(Browser.missing().get());
            return;
        }
        try {
            System.out.printf(
                    Locale.ROOT,
                    "web console streaming: %d updates (%d characters each more) every %d ms into a transcript of %,d"
                            + " messages;%n  %d CPUs, load average %.2f at the start; Java %s; phone viewport, TLS on"
                            + " loopback%n",
                    UPDATES,
                    CHUNK,
                    PACE_MILLIS,
                    MESSAGES,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"));
            for (String interval :
                    System.getProperty("bench.intervals", "250,0").split(",")) {
                run(Duration.ofMillis(Long.parseLong(interval.strip())));
            }
            System.out.printf(
                    Locale.ROOT,
                    "load average %.2f at the end%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(Duration interval) throws Exception {
        Path dir = Files.createTempDirectory("roo-web-stream-bench");
        Path socket = dir.resolve("roo.sock");
        try (ScriptedRoo roo = new ScriptedRoo(socket);
                RelayFixture relay = RelayFixture.builder()
                        .demoSessions(0)
                        .attach("bench", socket)
                        .sessionOptions(
                                SessionOptions.fast(Duration.ofMillis(300)).withStreamInterval(interval))
                        .start()) {
            roo.awaitClient(Duration.ofSeconds(30));
            roo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, TASK));
            roo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, TASK));
            for (int i = 0; i < MESSAGES; i++) {
                roo.send(new TaskEvent.MessageEvent(
                        TASK,
                        TaskEvent.MessageEvent.CREATED,
                        ClineMessage.say(TS + i, SayKind.TEXT, earlier(i), false)));
            }
            Browser browser = Browser.shared();
            browser.use(Browser.PHONE);
            ConsolePage page = new ConsolePage(browser, relay.httpUrl());
            page.signIn("alice", relay.password("alice"));
            System.out.printf(Locale.ROOT, "%nStream interval %d ms%n", interval.toMillis());
            for (int round = 1; round <= ROUNDS; round++) {
                long ts = TS + MESSAGES + 2L * round;
                showSession(page);
                report("console, round " + round, stream(roo, browser, ts, () -> lastMessageOfConsole(browser)));
                browser.driver().get(relay.httpUrl() + "/v1/health");
                browser.script(FLOOR_CLIENT, relay.url(), relay.accessToken("alice"), "bench");
                browser.waitUntil(
                        "the page without the app to show the transcript",
                        () -> browser.script("return window.__floorReady ?? null") != null,
                        Duration.ofSeconds(60));
                report("floor, round " + round, stream(roo, browser, ts + 1, () ->
                        (String) browser.script("return window.__floorLast?.textContent.slice(-40) ?? ''")));
                browser.script("window.__floorSocket.close()");
            }
            if (TRACE) {
                showSession(page);
                try (MainThreadTrace trace = MainThreadTrace.start(browser)) {
                    stream(roo, browser, TS + MESSAGES + 2L * ROUNDS + 2, () -> lastMessageOfConsole(browser));
                    StringBuilder line =
                            new StringBuilder("  console, traced   main thread (ms; nested kinds overlap):");
                    trace.stop().forEach((kind, ms) -> line.append(String.format(Locale.ROOT, " %s %.0f", kind, ms)));
                    System.out.println(line);
                }
            }
            if (PROFILE) {
                showSession(page);
                try (ScriptProfile profile = ScriptProfile.start(browser, 200)) {
                    stream(roo, browser, TS + MESSAGES + 2L * ROUNDS + 4, () -> lastMessageOfConsole(browser));
                    System.out.println("  console, profiled  script self time (ms), the functions that took most:");
                    profile.stop(25)
                            .forEach((function, ms) -> System.out.printf(Locale.ROOT, "    %8.1f  %s%n", ms, function));
                }
            }
        }
    }

    /** Opens the console (signed in by its cookie) on the session and waits for its whole transcript. */
    private static void showSession(ConsolePage page) {
        Browser browser = page.browser();
        browser.driver().get(page.origin() + "/");
        browser.waitUntil(
                "the session list or the session",
                () -> !browser.all(By.cssSelector(".session-row[data-session='bench'], #session[data-session='bench']"))
                        .isEmpty(),
                Duration.ofSeconds(60));
        if (browser.all(By.cssSelector("#session[data-session='bench']")).isEmpty()) {
            page.openSession("bench");
        }
        browser.waitUntil(
                "the transcript to show the " + MESSAGES + " messages",
                () -> browser.all(By.cssSelector("#session .transcript > li")).size() >= MESSAGES,
                Duration.ofSeconds(120));
    }

    /** Streams one reply at the set pace and returns what the page measured while it streamed. */
    private static Map<String, Object> stream(
            ScriptedRoo roo, Browser browser, long ts, java.util.function.Supplier<String> lastText) throws Exception {
        String reply = reply(ts);
        browser.script(PROBE);
        long next = System.nanoTime();
        for (int i = 1; i <= UPDATES; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
            roo.send(new TaskEvent.MessageEvent(
                    TASK,
                    i == 1 ? TaskEvent.MessageEvent.CREATED : TaskEvent.MessageEvent.UPDATED,
                    ClineMessage.say(ts, SayKind.TEXT, reply.substring(0, Math.min(reply.length(), i * CHUNK)), true)));
        }
        roo.send(new TaskEvent.MessageEvent(
                TASK, TaskEvent.MessageEvent.UPDATED, ClineMessage.say(ts, SayKind.TEXT, reply, false)));
        String end = "End of reply " + ts + ".";
        browser.waitUntil("the whole reply on the page", () -> lastText.get().contains(end), Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        Map<String, Object> measured = (Map<String, Object>) browser.script("return window.__bench()");
        return measured;
    }

    private static String lastMessageOfConsole(Browser browser) {
        return (String) browser.script("const l = document.querySelectorAll('#session .transcript > li');"
                + " return l.length ? l[l.length - 1].textContent.slice(-40) : ''");
    }

    private static void report(String what, Map<String, Object> measured) {
        List<Double> longTasks = numbers(measured.get("longTasks"));
        List<Double> frames = numbers(measured.get("frames"));
        double[] gaps = frames.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(
                Locale.ROOT,
                "  %-18s main-thread tasks over 50 ms: %3d, longest %6.1f ms, together %7.1f ms;"
                        + " frames %4d, p50 %5.1f ms, max %6.1f ms, over 50 ms %3d%n",
                what,
                longTasks.size(),
                longTasks.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                longTasks.stream().mapToDouble(Double::doubleValue).sum(),
                gaps.length,
                gaps.length == 0 ? 0 : WebConsoleOpenBenchmark.percentile(gaps, 0.5),
                frames.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                frames.stream().filter(g -> g > 50).count());
    }

    private static List<Double> numbers(Object list) {
        return ((List<?>) list).stream().map(n -> ((Number) n).doubleValue()).toList();
    }

    /** Message {@code i} of the transcript before the stream: a Markdown paragraph, every fifth with code. */
    private static String earlier(int i) {
        String text = "Step " + i + ": I read **src/config.js** and the tests that use it. The loader keeps"
                + " defaults in one place, and `load()` merges the user's file over them; nothing here needs a change"
                + " yet, so I move on to the next file.";
        return i % 5 == 0
                ? text + "\n\n```js\nexport function load(path) {\n  return merge(defaults, read(path));\n}\n```"
                : text;
    }

    /** The streamed reply: Markdown of {@code UPDATES * CHUNK} characters, ending with a line naming it. */
    private static String reply(long ts) {
        String end = "\n\nEnd of reply " + ts + ".";
        StringBuilder text = new StringBuilder();
        for (int line = 1; text.length() < UPDATES * CHUNK - end.length(); line++) {
            text.append(line % 12 == 1 ? "\n## Part " + (line / 12 + 1) + "\n\n" : "")
                    .append("- Point ")
                    .append(line)
                    .append(": the relay sends each update of this reply to the page, which draws it again.\n");
        }
        return text.substring(0, UPDATES * CHUNK - end.length()) + end;
    }
}

package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.IpcMessage.TaskCommandMessage;
import dev.rooremote.protocol.roo.RooTranscripts.Line;
import dev.rooremote.testsupport.data.RooContractTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks what the Java side writes against Roo's real zod schema ({@code ipcMessageSchema} of
 * {@code @roo-code/types}, see {@code tools/roo-contract}), in one node process: every command the encoder
 * produces, every recorded frame after a parse and re-encode, and a wrong frame that must be rejected.
 */
class RooSchemaContractTest {

    record Case(String label, String json, boolean mustPass) {}

    @Test
    void javaEncodedMessagesSatisfyRoosSchema() throws Exception {
        assumeThat(RooContractTools.skipped())
                .as("contract test skipped by -Droo.contract.skip=true")
                .isFalse();
        Path dir = contractDir();

        List<Case> cases = new ArrayList<>();
        String clientId = "6043e8798c7e";
        for (var args : TaskCommandGoldenTest.commands()) {
            TaskCommand command = (TaskCommand) args.get()[0];
            cases.add(new Case(
                    "command " + command.commandName(),
                    IpcMessage.fromJson(new TaskCommandMessage(clientId, command).toJson())
                            .toJson()
                            .toString(),
                    true));
        }
        int fixtureFrames = 0;
        for (Line line : RooTranscripts.allFrames()) {
            JsonNode data = RooJson.parse(line.raw()).get("data");
            if (!data.has("origin")) {
                continue; // transcript 06 sends this one without origin on purpose; Roo drops it
            }
            var frame = (IpcFrameDecoder.Frame) IpcFrameDecoder.decodeText(line.raw());
            cases.add(new Case(
                    line.file() + " seq " + line.seq(), frame.message().toJson().toString(), true));
            fixtureFrames++;
        }
        assertThat(fixtureFrames).isGreaterThan(300);
        cases.add(new Case(
                "command without origin",
                "{\"type\":\"TaskCommand\",\"clientId\":\"x\",\"data\":{\"commandName\":\"GetModes\"}}",
                false));
        cases.add(new Case(
                "ResumeTask without its id",
                "{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"x\",\"data\":{\"commandName\":\"ResumeTask\"}}",
                false));
        cases.add(new Case(
                "null where Roo expects an absent key",
                "{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"x\",\"data\":{\"commandName\":\"SendMessage\",\"data\":{\"text\":null}}}",
                false));

        List<JsonNode> results = validate(dir, cases);

        assertThat(results).hasSameSizeAs(cases);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode r = results.get(i);
            boolean ok = r.path("ok").asBoolean(false);
            if (ok != c.mustPass()) {
                failures.add(c.label() + ": expected " + (c.mustPass() ? "valid" : "rejected") + " but got " + r
                        + "\n  " + abbreviate(c.json()));
            } else if (ok
                    && c.label().startsWith("command ")
                    && r.path("stripped").size() > 0) {
                // a key Roo strips (e.g. a misspelled setting) would silently do nothing
                failures.add(c.label() + ": Roo would drop " + r.get("stripped"));
            }
        }
        assertThat(failures).as("contract failures").isEmpty();
    }

    private static List<JsonNode> validate(Path dir, List<Case> cases) throws IOException, InterruptedException {
        Process node;
        try {
            node = new ProcessBuilder("node", "validate.mjs")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run node (Node.js 18+ is needed for the Roo contract test; skip with"
                            + " -Droo.contract.skip=true)",
                    e);
        }
        try {
            // write everything first: the input is small enough, and node answers line by line after reading
            try (Writer w = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                for (Case c : cases) {
                    w.write(c.json());
                    w.write('\n');
                }
            }
            List<JsonNode> results = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    results.add(RooJson.parse(line));
                }
            }
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(node.exitValue()).as("node exit code").isZero();
            return results;
        } finally {
            node.destroyForcibly();
        }
    }

    private static Path contractDir() {
        Path dir = RooContractTools.dir();
        if (!Files.isDirectory(dir.resolve("node_modules/@roo-code/types"))) {
            throw new IllegalStateException("Roo contract packages are not installed in " + dir
                    + ": run `npm ci` there (the protocol build does it in generate-test-resources)");
        }
        return dir;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}

package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.RelayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent with two real relays (real TLS, login, demo Roo sessions), run as real processes: the
 * relays are stored under names, 'sessions' lists both, one that is down does not hide the other,
 * and --relay picks one.
 */
class RooAgentFleetTest {

    @TempDir
    Path home;

    private RelayFixture first;
    private RelayFixture second;
    private AgentProcess agent;

    @BeforeEach
    void start() {
        first = RelayFixture.builder().demoSessions(1).start();
        second = RelayFixture.builder().demoSessions(2).start();
        agent = new AgentProcess(home.resolve("agent.json"));
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private AgentProcess.Result add(String name, RelayFixture relay, String user) throws Exception {
        return agent.runWithInput(
                relay.password(user) + "\n",
                "relays",
                "add",
                name,
                "--url",
                relay.url(),
                "--user",
                user,
                "--fingerprint",
                relay.fingerprint(),
                "--password-stdin");
    }

    private void addBoth() throws Exception {
        AgentProcess.Result login = agent.runWithInput(
                first.password("alice") + "\n",
                "login",
                "--relay",
                "build-1",
                "--url",
                first.url(),
                "--user",
                "alice",
                "--fingerprint",
                first.fingerprint(),
                "--password-stdin");
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.err()).contains("as the relay 'build-1'");
        AgentProcess.Result added = add("build-2", second, "bob");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.err()).contains("Added the relay 'build-2'");
    }

    @Test
    void sessionsListsEveryRelayWithItsNameAndRelayPicksOne() throws Exception {
        addBoth();

        AgentProcess.Result relays = agent.run("relays");
        assertThat(relays.code()).as(relays.err()).isZero();
        assertThat(relays.lines().get(0)).startsWith("CURRENT").contains("NAME", "URL", "USER", "CERTIFICATE");
        assertThat(relays.out())
                .contains(
                        "build-1",
                        first.url(),
                        "alice (admin)",
                        "pinned " + first.fingerprint().substring(0, 23) + "…")
                .contains("build-2", second.url(), "bob (operator)");
        assertThat(relays.lines())
                .as("the relay logged in to first stays current")
                .anySatisfy(line -> assertThat(line).startsWith("*").contains("build-1"));

        AgentProcess.Result table = agent.run("sessions");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.lines().get(0)).startsWith("RELAY").contains("SESSION");
        assertThat(rows(table, "build-1")).hasSize(1);
        assertThat(rows(table, "build-2")).hasSize(2);
        assertThat(table.out()).contains("demo-1", "demo-2");

        AgentProcess.Result json = agent.run("sessions", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        List<String> relayOfEach = new ArrayList<>();
        for (JsonNode s : RooJson.parse(json.out())) {
            relayOfEach.add(s.path("relay").asText() + "/" + s.path("sessionId").asText());
        }
        assertThat(relayOfEach).containsExactly("build-1/demo-1", "build-2/demo-1", "build-2/demo-2");

        AgentProcess.Result one = agent.run("sessions", "--relay", "build-2");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.lines().get(0)).as("one relay: the table as ever").startsWith("SESSION");
        assertThat(one.out()).contains("demo-2");

        AgentProcess.Result status = agent.run("status", "--relay", "build-2", "--session", "demo-2");
        assertThat(status.code()).as(status.err()).isZero();

        AgentProcess.Result use = agent.run("relays", "use", "build-2");
        assertThat(use.code()).as(use.err()).isZero();
        AgentProcess.Result current = agent.run("status", "--session", "demo-2");
        assertThat(current.code())
                .as("demo-2 is on the current relay, build-2: " + current.err())
                .isZero();
        AgentProcess.Result onFirst = agent.run("status", "--relay", "build-1", "--session", "demo-2");
        assertThat(onFirst.code()).as(onFirst.err()).isEqualTo(ExitCodes.SESSION_UNAVAILABLE);

        AgentProcess.Result remove = agent.run("relays", "remove", "build-2");
        assertThat(remove.code()).as(remove.err()).isZero();
        assertThat(remove.err()).contains("The current relay is 'build-1'");
        AgentProcess.Result after = agent.run("sessions");
        assertThat(after.lines().get(0)).as("one relay left: the table as ever").startsWith("SESSION");
        assertThat(Files.readString(home.resolve("agent.json"))).doesNotContain(second.url());
    }

    @Test
    void aRelayThatIsDownIsNamedAndTheOthersAreStillListed() throws Exception {
        addBoth();
        String secondUrl = second.url();
        second.close();

        AgentProcess.Result table = agent.run("sessions", "--connect-timeout", "5s");
        assertThat(table.code()).as("one relay answered: " + table.err()).isZero();
        assertThat(rows(table, "build-1")).hasSize(1);
        assertThat(table.out()).doesNotContain("build-2");
        assertThat(table.err().lines().filter(l -> l.contains("build-2")))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("roo-agent: relay build-2 was not listed: ")
                        .contains(secondUrl.replace("/v1/ws", "").replace("wss://", "")));

        first.close();
        AgentProcess.Result none = agent.run("sessions", "--connect-timeout", "5s");
        assertThat(none.code()).as("no relay answered").isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("relay build-1 was not listed").contains("relay build-2 was not listed");
    }

    @Test
    void unknownAndDuplicateNamesAndBadUrlsAreRefusedWithWhatToDo() throws Exception {
        addBoth();

        AgentProcess.Result unknown = agent.run("sessions", "--relay", "build-3");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no relay named 'build-3'").contains("build-1, build-2");

        AgentProcess.Result duplicate = add("build-2", first, "carol");
        assertThat(duplicate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(duplicate.err()).contains("a relay named 'build-2' is already stored");

        AgentProcess.Result sameUrl = add("build-9", second, "carol");
        assertThat(sameUrl.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(sameUrl.err()).contains("is already stored as 'build-2'");

        AgentProcess.Result badName = add("my relay", first, "carol");
        assertThat(badName.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("'my relay' is not allowed");

        AgentProcess.Result badUrl = agent.runWithInput(
                "x\n", "relays", "add", "build-3", "--url", "not a url", "--user", "bob", "--password-stdin");
        assertThat(badUrl.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).contains("--url");

        AgentProcess.Result both = agent.run("sessions", "--relay", "build-1", "--url", first.url());
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--relay and --url exclude each other");

        assertThat(agent.run("relays", "use", "nope").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(agent.run("relays", "remove", "nope").err()).contains("no relay named 'nope'");
        assertThat(agent.run("relays", "--help").out()).contains("list", "add", "remove", "use");

        AgentProcess.Result still = agent.run("relays", "list", "--json");
        JsonNode listed = RooJson.parse(still.out());
        assertThat(listed.findValuesAsText("name")).containsExactly("build-1", "build-2");
        assertThat(listed.findValuesAsText("fingerprint")).containsExactly(first.fingerprint(), second.fingerprint());
    }

    @Test
    void aLoginStoredBeforeRelaysHadNamesKeepsWorking() throws Exception {
        AgentProcess.Result login = agent.runWithInput(
                first.password("alice") + "\n",
                "login",
                "--url",
                first.url(),
                "--user",
                "alice",
                "--fingerprint",
                first.fingerprint(),
                "--password-stdin");
        assertThat(login.code()).as(login.err()).isZero();
        // Rewrite the file as the single login earlier versions kept.
        AgentConfig.Stored stored =
                new AgentConfig(home.resolve("agent.json")).read().orElseThrow();
        Files.writeString(
                home.resolve("agent.json"),
                RooJson.mapper()
                        .writeValueAsString(java.util.Map.of(
                                "url", stored.url(),
                                "fingerprint", stored.fingerprint(),
                                "user", stored.user(),
                                "refreshToken", stored.refreshToken())));

        AgentProcess.Result sessions = agent.run("sessions");
        assertThat(sessions.code()).as(sessions.err()).isZero();
        assertThat(sessions.lines().get(0)).startsWith("SESSION");
        AgentProcess.Result relays = agent.run("relays");
        assertThat(relays.out()).contains("127.0.0.1", first.url(), "alice");
    }

    private static List<String> rows(AgentProcess.Result table, String relay) {
        return table.lines().stream().filter(l -> l.startsWith(relay + " ")).toList();
    }
}

package dev.rooremote.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The client library is what the console embeds: it knows the protocol and the WebSocket client,
 * never the relay's internals, the CLI, or a UI toolkit. The CLI is built on the library, never the
 * other way round; so is the MCP server, which the CLI's mcp command starts.
 */
@AnalyzeClasses(
        packages = {"dev.rooremote.client", "dev.rooremote.agent"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.rooremote.(*)..")
            .should()
            .beFreeOfCycles()
            .because("each package builds on the ones below it");

    @ArchTest
    static final ArchRule libraryIsIndependentOfTheCli = noClasses()
            .that()
            .resideInAPackage("dev.rooremote.client..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.rooremote.agent..", "picocli..")
            .because("the console uses the library without the CLI");

    @ArchTest
    static final ArchRule mcpServerIsBuiltOnTheLibraryNotTheCli = noClasses()
            .that()
            .resideInAPackage("dev.rooremote.agent.mcp..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.rooremote.agent", "picocli..")
            .because("roo-agent's mcp command starts the MCP server; the server itself needs only the library");

    @ArchTest
    static final ArchRule mcpStaysOutOfTheLibraryAndTheCommands = noClasses()
            .that()
            .resideInAnyPackage("dev.rooremote.client..", "dev.rooremote.agent")
            .and()
            .doNotHaveSimpleName("McpCommand")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.modelcontextprotocol..", "dev.rooremote.agent.mcp..")
            .because("the MCP SDK is optional: only 'roo-agent mcp' loads it");

    @ArchTest
    static final ArchRule noRelayInternals = noClasses()
            .that()
            .resideInAnyPackage("dev.rooremote.client..", "dev.rooremote.agent..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.rooremote.relay..")
            .because("clients speak only the relay protocol");

    @ArchTest
    static final ArchRule noUi = noClasses()
            .that()
            .resideInAnyPackage("dev.rooremote.client..", "dev.rooremote.agent..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
            .because("listeners run on the client's own event thread; UIs bridge to theirs");

    @ArchTest
    static final ArchRule tyrusStaysInsideTheClient = noClasses()
            .that()
            .resideInAPackage("dev.rooremote.agent..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.glassfish..", "jakarta.websocket..")
            .because("the WebSocket library is an implementation detail of RelayClient");
}

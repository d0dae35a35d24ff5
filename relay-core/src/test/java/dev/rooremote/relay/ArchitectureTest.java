package dev.rooremote.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The relay's boundaries, as docs/ARCHITECTURE.md states them. */
@AnalyzeClasses(packages = "dev.rooremote.relay", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noUi = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
            .because("the relay runs headless beside VS Code and never imports JavaFX");

    @ArchTest
    static final ArchRule noClientCode = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.rooremote.client..", "dev.rooremote.agent..", "dev.rooremote.console..")
            .because("the relay and its clients share only the protocol module");

    @ArchTest
    static final ArchRule rooSideKnowsNoWebServer = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.rooremote.relay.roo..",
                    "dev.rooremote.relay.demo..",
                    "dev.rooremote.relay.session..",
                    "dev.rooremote.relay.events..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.eclipse.jetty..", "com.nimbusds..")
            .because("sessions and the event log are driven through SessionHub and EventLog, not HTTP");

    @ArchTest
    static final ArchRule sessionsKnowNoDemo = noClasses()
            .that()
            .resideInAPackage("..relay.session..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..relay.demo..")
            .because("a demo is one kind of Roo endpoint: how fast it plays is chosen where the relay is wired");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.rooremote.relay.(*)..")
            .should()
            .beFreeOfCycles()
            .because("each package builds on lower ones only");
}

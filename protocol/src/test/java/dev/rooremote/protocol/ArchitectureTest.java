package dev.rooremote.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The protocol module is pure data and parsing: no UI, no sockets, no files, no threads. */
@AnalyzeClasses(packages = "dev.rooremote.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noJavaFx = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..")
            .because("protocol is shared by the relay, which has no UI");

    @ArchTest
    static final ArchRule noNetworking = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.net..", "java.nio.channels..")
            .because("transports live in relay-core and relay-client; protocol only sees bytes");

    @ArchTest
    static final ArchRule noFiles = noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.File")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileInputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("java.nio.file..")
            .because("protocol does no file I/O");

    @ArchTest
    static final ArchRule noThreads = noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.Thread")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("java.util.concurrent..")
            .because("protocol is called from its users' threads and starts none of its own");

    @ArchTest
    static final ArchRule packagesFreeOfCycles =
            slices().matching("dev.rooremote.protocol.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule rooIpcKnowsNothingOfTheRelayProtocol = noClasses()
            .that()
            .resideInAPackage("dev.rooremote.protocol.roo..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.rooremote.protocol.relay..")
            .because("Roo's IPC is Roo's; the relay protocol is built on it, not the other way round");
}

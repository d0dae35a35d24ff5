package dev.rooremote.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.rooremote.console.connect.RelayLink;
import org.junit.jupiter.api.Test;

/** The console's boundaries, as STYLE.md states them. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rooremote.console");

    @Test
    void theConsoleNeverReachesIntoTheRelay() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.rooremote.relay..")
                .check(classes);
    }

    @Test
    void viewsNeverTalkToTheRelayThemselves() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("View")
                .or()
                .haveSimpleNameEndingWith("Cell")
                .or()
                .haveSimpleNameEndingWith("Dialog")
                .should()
                .callMethodWhere(JavaCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(RelayLink.class))))
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("dev.rooremote.client..")
                .check(classes);
    }

    @Test
    void viewModelsStayFreeOfNodes() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(classes);
    }

    @Test
    void featurePackagesDependOnEachOtherInOneDirectionOnly() {
        slices().matching("dev.rooremote.console.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }
}

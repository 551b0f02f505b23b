package dev.opencic.client.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.opencic.client.CicClient;
import org.junit.jupiter.api.Test;

/**
 * How the SDK's packages may depend on each other. {@code dev.opencic.client} is the API and the
 * facade that wires {@code internal} together; {@code agent}, {@code audio} and {@code context}
 * are built on the API only, so an app can read them as examples of what it may write itself.
 */
class PackageRulesTest {

    static final JavaClasses SDK = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.opencic.client");

    @Test
    void theSdksSubpackagesHaveNoCycles() {
        slices().matching("dev.opencic.client.(*)..").should().beFreeOfCycles().check(SDK);
    }

    @Test
    void agentsAudioAndContextsUseThePublicApiOnly() {
        noClasses().that().resideInAnyPackage("dev.opencic.client.agent..", "dev.opencic.client.audio..",
                        "dev.opencic.client.context..")
                .should().dependOnClassesThat().resideInAPackage("dev.opencic.client.internal..")
                .check(SDK);
    }

    /** The client builds the sequencer; the sequencer hands agents the AgentHost, not the client. */
    @Test
    void nothingInternalKnowsTheFacade() {
        noClasses().that().resideInAPackage("dev.opencic.client.internal..").should().dependOnClassesThat()
                .belongToAnyOf(CicClient.class).check(SDK);
    }
}

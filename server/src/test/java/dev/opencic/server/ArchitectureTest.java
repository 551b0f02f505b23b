package dev.opencic.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md, checked on the server's main classes. */
@AnalyzeClasses(packages = "dev.opencic.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package is its own slice, the root ({@code CicServer}) included: none may reach back into itself. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.opencic.(**)")
            .as("packages of dev.opencic.server").should().beFreeOfCycles();

    /** A feature reaches another only through what they share (the api, the skill contract), never directly. */
    @ArchTest
    static final ArchRule skillsDoNotDependOnEachOther = slices().matching("dev.opencic.server.skill.(*)..")
            .should().notDependOnEachOther();

    /** What every feature implements or throws depends on nothing else in the server. */
    @ArchTest
    static final ArchRule apiDependsOnNothingElseInTheServer = noClasses()
            .that().resideInAPackage("dev.opencic.server.api..")
            .should().dependOnClassesThat(resideInAPackage("dev.opencic.server..")
                    .and(not(resideInAPackage("dev.opencic.server.api.."))));
}

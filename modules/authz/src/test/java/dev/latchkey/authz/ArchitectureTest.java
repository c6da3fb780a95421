package dev.latchkey.authz;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** authz is decided in plain Java so that every module, and every test, can use it without a container. */
@AnalyzeClasses(packages = "dev.latchkey.authz", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule authzKnowsNoFrameworkDatabaseOrHttp = noClasses()
            .that().resideInAPackage("dev.latchkey.authz..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "jakarta.persistence..", "java.sql..",
                    "javax.sql..", "jakarta.inject..", "jakarta.ws.rs..")
            .because("the authorization engine is pure Java, shared by every module");
}

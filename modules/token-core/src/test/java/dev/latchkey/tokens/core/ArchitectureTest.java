package dev.latchkey.tokens.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.latchkey.tokens.core");

    @Test
    void tokenCoreUsesOnlyTheJdkTheIpLibraryAndAuthz() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "javax.crypto..", "inet.ipaddr..", "com.github.benmanes.caffeine..", "dev.latchkey.tokens.core..", "dev.latchkey.authz..")
                .check(CORE);
    }

    @Test
    void tokenCoreDoesNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.sql..", "java.net.http..")
                .check(CORE);
    }
}

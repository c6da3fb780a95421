package dev.latchkey.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.micronaut.data.jdbc.annotation.JdbcRepository;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module map of docs/architecture.md, checked over everything the app is built from. No rule
 * may pass empty: a renamed package fails the build instead of silently checking nothing.
 */
@AnalyzeClasses(packages = "dev.latchkey", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {
    private static final String PAT = "dev.latchkey.pat..";
    private static final String WORKSPACE_TOKENS = "dev.latchkey.workspacetokens..";
    private static final String SERVICE_TOKENS = "dev.latchkey.servicetokens..";

    @ArchTest
    static final ArchRule theEngineKnowsNoFramework = noClasses()
            .that().resideInAPackage("dev.latchkey.authz..")
            .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
            .because("authz is pure Java, shared by every module");

    @ArchTest
    static final ArchRule tokenCoreKnowsNoFramework = noClasses()
            .that().resideInAPackage("dev.latchkey.tokens.core..")
            .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
            .because("token-core is pure Java: format, hashing, expiry and IP rules");

    @ArchTest
    static final ArchRule theDirectoryKnowsNeitherTheAppNorTheTokenModules = noClasses()
            .that().resideInAPackage("dev.latchkey.directory..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.latchkey.app..", PAT, WORKSPACE_TOKENS, SERVICE_TOKENS)
            .because("the token modules build on the directory, never the other way round");

    @ArchTest
    static final ArchRule personalTokensKnowNoOtherTokenModule = noClasses()
            .that().resideInAPackage(PAT)
            .should().dependOnClassesThat().resideInAnyPackage(WORKSPACE_TOKENS, SERVICE_TOKENS);

    @ArchTest
    static final ArchRule workspaceTokensKnowNoOtherTokenModule = noClasses()
            .that().resideInAPackage(WORKSPACE_TOKENS)
            .should().dependOnClassesThat().resideInAnyPackage(PAT, SERVICE_TOKENS);

    @ArchTest
    static final ArchRule serviceTokensKnowNoOtherTokenModule = noClasses()
            .that().resideInAPackage(SERVICE_TOKENS)
            .should().dependOnClassesThat().resideInAnyPackage(PAT, WORKSPACE_TOKENS);

    /** A module reaches another module's data only through that module's services. */
    private static ArchRule repositoriesStayInside(String module) {
        return classes().that().resideInAPackage(module).and().areAnnotatedWith(JdbcRepository.class)
                .should().onlyHaveDependentClassesThat().resideInAPackage(module)
                .because("a module's repositories are used only inside it; other modules call its services");
    }

    @ArchTest
    static final ArchRule directoryRepositoriesStayInTheDirectory = repositoriesStayInside("dev.latchkey.directory..");

    @ArchTest
    static final ArchRule personalTokenRepositoriesStayInTheirModule = repositoriesStayInside(PAT);

    @ArchTest
    static final ArchRule workspaceTokenRepositoriesStayInTheirModule = repositoriesStayInside(WORKSPACE_TOKENS);

    @ArchTest
    static final ArchRule serviceTokenRepositoriesStayInTheirModule = repositoriesStayInside(SERVICE_TOKENS);

    @ArchTest
    static final ArchRule theTokenLifecycleIsWrittenOnce = noClasses()
            .that().resideInAnyPackage(PAT, WORKSPACE_TOKENS, SERVICE_TOKENS)
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.latchkey.tokens.core.Expiry")
            .because("expiry, lifetime and the rest of the lifecycle are TokenLifecycle's (token-core), not a kind's");
}

package dev.latchkey.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.annotation.JdbcRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.stream.Stream;

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
    private static final String NOTIFICATIONS = "dev.latchkey.notifications..";
    private static final String APP = "dev.latchkey.app..";

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
    static final ArchRule notificationRepositoriesStayInTheirModule = repositoriesStayInside(NOTIFICATIONS);

    @ArchTest
    static final ArchRule appRepositoriesStayInTheApp = repositoriesStayInside(APP);

    /** The rules above cover every repository: one in a new module fails here until its rule is added. */
    @ArchTest
    static final ArchRule everyRepositoryIsInAModuleWithItsRule = classes().that().areAnnotatedWith(JdbcRepository.class)
            .should().resideInAnyPackage("dev.latchkey.directory..", PAT, WORKSPACE_TOKENS, SERVICE_TOKENS, NOTIFICATIONS, APP)
            .because("each module's repositories are held inside it by a rule of this class");

    @ArchTest
    static final ArchRule theTokenLifecycleIsWrittenOnce = noClasses()
            .that().resideInAnyPackage(PAT, WORKSPACE_TOKENS, SERVICE_TOKENS)
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.latchkey.tokens.core.Expiry")
            .because("expiry, lifetime and the rest of the lifecycle are TokenLifecycle's (token-core), not a kind's");

    /**
     * One clock: every time the app reads comes from the injected {@link Clock} bean, so a test can
     * move it and every rule (expiry, windows, caches' notion of now) moves with it. The exceptions:
     * the factory that provides the bean, and {@code Ids}, whose UUIDv7 millisecond only orders rows
     * by creation (a frozen test clock must not make ids stop sorting by insertion).
     */
    @ArchTest
    static final ArchRule timeIsReadFromTheInjectedClock = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.latchkey.app.config.ClockFactory")
            .and().doNotHaveFullyQualifiedName("dev.latchkey.directory.common.Ids")
            .and().resideOutsideOfPackage("dev.latchkey.benchmarks..")
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .orShould().callMethod(Clock.class, "system", ZoneId.class)
            .because("time comes from the one injected Clock (ClockFactory), controllers included");

    /**
     * Latchkey's keys are read by the typed {@code @ConfigurationProperties} records (one per prefix),
     * not by {@code @Value} strings spread over the code. {@code LatchkeySecrets} is the one exception:
     * a record's {@code toString} would print the JWT secret and the pepper.
     */
    @ArchTest
    static final ArchRule latchkeyKeysAreReadBySettingsRecords = classes()
            .that().resideInAPackage("dev.latchkey..")
            .and().doNotHaveFullyQualifiedName("dev.latchkey.app.config.LatchkeySecrets")
            .should(new ArchCondition<JavaClass>("not read a latchkey.* key with @Value") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    Stream<String> fromParameters = item.getCodeUnits().stream()
                            .flatMap(unit -> unit.getParameters().stream())
                            .filter(parameter -> parameter.isAnnotatedWith(Value.class))
                            .map(parameter -> describe(parameter.getOwner(), parameter.getAnnotationOfType(Value.class).value()));
                    Stream<String> fromFields = item.getFields().stream()
                            .filter(field -> field.isAnnotatedWith(Value.class))
                            .map(field -> field.getFullName() + " reads " + field.getAnnotationOfType(Value.class).value());
                    Stream.concat(fromParameters, fromFields)
                            .filter(found -> found.contains("${latchkey."))
                            .forEach(found -> events.add(SimpleConditionEvent.violated(item, found)));
                }

                private String describe(JavaCodeUnit unit, String key) {
                    return unit.getFullName() + " reads " + key;
                }
            })
            .because("configuration lives in one settings record per prefix (docs/architecture.md)");
}

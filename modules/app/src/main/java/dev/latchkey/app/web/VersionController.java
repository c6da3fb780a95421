package dev.latchkey.app.web;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

@Controller("/api/version")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "meta")
class VersionController {

    @Serdeable
    record Version(String name, String version, String build) {
    }

    private final Version version = load();

    @Get
    @Operation(summary = "Show the server version")
    Version version() {
        return version;
    }

    /** Written by Maven resource filtering at build time. */
    private static Version load() {
        Properties p = new Properties();
        try (InputStream in = VersionController.class.getResourceAsStream("/latchkey-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Version("latchkey", p.getProperty("version", "unknown"), p.getProperty("build", "unknown"));
    }
}

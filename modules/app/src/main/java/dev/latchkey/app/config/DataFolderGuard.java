package dev.latchkey.app.config;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@link DataFolder} to the embedded database: the folder is prepared when the datasource's
 * configuration is created, which is before the pool (and so H2) opens the first file; the files
 * are set to 0600 once the application has started (the database exists by then).
 */
@Singleton
class DataFolderGuard implements BeanCreatedEventListener<DatasourceConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolderGuard.class);

    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DataFolder.ofJdbcUrl(event.getBean().getJdbcUrl()).ifPresent(folder -> {
            String warning = DataFolder.prepare(folder);
            if (warning != null) {
                LOG.warn(warning);
            }
            folders.add(folder);
        });
        return event.getBean();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        folders.forEach(DataFolder::tightenFiles);
    }
}

package dev.latchkey.app.support;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes a node's DataSource is made of, outermost first: Micronaut Data's proxy unwrapped,
 * then every wrapper followed through its DataSource field, whatever order they were applied in
 * (the database circuit and the tracing wrapper are both bean-created listeners).
 */
public final class DataSourceLayers {
    private DataSourceLayers() {
    }

    public static List<String> of(DataSource dataSource) {
        List<String> layers = new ArrayList<>();
        Object layer = DelegatingDataSource.unwrapDataSource(dataSource);
        while (layer != null && layers.size() < 10) {
            layers.add(layer.getClass().getName());
            layer = inner(layer);
        }
        return layers;
    }

    public static boolean traced(DataSource dataSource) {
        return of(dataSource).stream().anyMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("opentelemetry"));
    }

    private static Object inner(Object layer) {
        for (Class<?> type = layer.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (DataSource.class.isAssignableFrom(field.getType()) && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    try {
                        field.setAccessible(true);
                        return field.get(layer);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}

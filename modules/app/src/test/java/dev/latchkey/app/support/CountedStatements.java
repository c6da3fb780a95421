package dev.latchkey.app.support;

import dev.latchkey.testkit.StatementCounter;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * The statements of a context that sets {@code latchkey.test.count-statements=true}, counted by
 * the test kit's {@link StatementCounter}: the pool is wrapped right after the database circuit
 * (and before Micronaut Data's contextual proxy), so every repository, transaction and hand-written
 * query goes through it. Inject this bean and ask {@link #counter()}.
 */
@Singleton
@Requires(property = "latchkey.test.count-statements", value = "true")
public class CountedStatements implements BeanCreatedEventListener<DataSource>, Ordered {
    private final StatementCounter counter = new StatementCounter();

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        return counter.wrap(event.getBean());
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1;
    }

    public StatementCounter counter() {
        return counter;
    }
}

package dev.latchkey.testkit;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Counts the SQL statements an application executes, for tests that say "this costs N queries,
 * however many rows": a {@link DataSource} wrapped by {@link #wrap} hands out connections whose
 * statements report every execution (its SQL text and the thread that ran it) here. Plain JDK
 * proxies, no library; wrap the pool where the app's datasource is built (a Micronaut
 * {@code BeanCreatedEventListener<DataSource>} in the test sources).
 *
 * <p>Work the app does on its own (scheduled jobs, the invalidation journal's poll) runs on its
 * own threads; {@link #during} leaves those out, so a count is the request's alone.
 */
public final class StatementCounter {
    /** One execution: the statement's text and the thread that ran it. */
    public record Executed(String sql, String thread) {
    }

    /** Threads of the app's own background work, not of any request. */
    public static final Predicate<Executed> BACKGROUND = e -> e.thread().startsWith("scheduled-executor")
            || e.thread().startsWith("invalidation-journal");

    private final List<Executed> executed = new CopyOnWriteArrayList<>();

    /** The pool, its connections counting here. */
    public DataSource wrap(DataSource pool) {
        return proxy(DataSource.class, pool, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    /** The statements {@code work} executed, less the app's background work, in order. */
    public List<Executed> during(Runnable work) {
        int from = executed.size();
        work.run();
        List<Executed> all = new ArrayList<>(executed.subList(from, executed.size()));
        all.removeIf(BACKGROUND);
        return all;
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = invoke(target, method, args);
            String name = method.getName();
            if (result instanceof CallableStatement s) {
                return statement(CallableStatement.class, s, (String) args[0]);
            }
            if (result instanceof PreparedStatement s && name.equals("prepareStatement")) {
                return statement(PreparedStatement.class, s, (String) args[0]);
            }
            if (result instanceof Statement s && name.equals("createStatement")) {
                return statement(Statement.class, s, null);
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S statement, String prepared) {
        return proxy(type, statement, (target, method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = prepared != null ? prepared : args != null && args.length > 0 && args[0] instanceof String s
                        ? s : "(batch)";
                executed.add(new Executed(sql, Thread.currentThread().getName()));
            }
            return invoke(target, method, args);
        });
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (proxy, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[]{type}, h));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

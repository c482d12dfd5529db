package com.karrot.kafka.cdc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver that lets Debezium's MySQL connector read MariaDB's binary log position: MySQL Connector/J, with
 * {@code SHOW BINARY LOG STATUS} (MySQL 8.2+, which the connector asks of every server above version 8 and stops
 * without) sent as {@code SHOW MASTER STATUS}, MariaDB's name for the same statement, same columns. The connector
 * takes it with {@code database.jdbc.driver} and {@code database.protocol} ({@value #PROTOCOL}). Only for these
 * tests: Debezium's MariaDB connector, which needs none of this, is not served to this build, and the connector
 * refuses Connector/J's {@code queryInterceptors}.
 */
public final class MariaDbBinaryLogDriver implements Driver {

    static final String PROTOCOL = "jdbc:karrot-mariadb";

    private static final String MYSQL_STATEMENT = "SHOW BINARY LOG STATUS";

    private static final String MARIADB_STATEMENT = "SHOW MASTER STATUS";

    private final Driver mysql = new com.mysql.cj.jdbc.Driver();

    static {
        try {
            DriverManager.registerDriver(new MariaDbBinaryLogDriver());
        }
        catch (SQLException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    public MariaDbBinaryLogDriver() throws SQLException {
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection connection = this.mysql.connect("jdbc:mysql" + url.substring(PROTOCOL.length()), info);
        return proxy(Connection.class, connection, (proxy, method, args) -> {
            Object result = invoke(connection, method, args);
            return (result instanceof Statement statement && "createStatement".equals(method.getName()))
                    ? proxy(Statement.class, statement, (statementProxy, statementMethod, statementArgs) -> {
                        if (statementArgs != null && statementArgs.length > 0 && statementArgs[0] instanceof String sql
                                && MYSQL_STATEMENT.equalsIgnoreCase(sql.trim())) {
                            statementArgs[0] = MARIADB_STATEMENT;
                        }
                        return invoke(statement, statementMethod, statementArgs);
                    })
                    : result;
        });
    }

    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(MariaDbBinaryLogDriver.class.getClassLoader(), new Class<?>[] { type },
                handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PROTOCOL + ":");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return this.mysql.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return this.mysql.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return this.mysql.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}

package dev.caravan.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The stack traces the web layer (Tomcat, Camel's servlet, the API) logs at WARN or above while
 * open: a request refused for its own faults should leave none. Other loggers are left out, as runs
 * of earlier tests may still be logging their own failures.
 */
public final class LoggedStackTraces implements AutoCloseable {

    private static final List<String> WEB_LAYER = List.of("dev.caravan.api", "org.apache.camel.http",
            "org.apache.camel.component.servlet", "org.apache.catalina", "org.apache.coyote", "org.springframework.web");

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LoggedStackTraces() {
        appender.start();
        root.addAppender(appender);
    }

    public static LoggedStackTraces capture() {
        return new LoggedStackTraces();
    }

    /** Each one as its level, logger and message. */
    public List<String> inWebLayer() {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
                    .filter(event -> WEB_LAYER.stream().anyMatch(event.getLoggerName()::startsWith))
                    .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage())
                    .toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}

package io.skein.connectors.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects every log event that carries a throwable, anywhere in the JVM, while open: client input must never put
 * a stack trace in the log.
 */
final class LoggedThrowables implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getThrowableProxy() != null) {
                super.append(event);
            }
        }
    };

    LoggedThrowables() {
        appender.start();
        root.addAppender(appender);
    }

    /** The events with a stack trace logged so far, as "logger: message: throwable" lines. */
    List<String> events() {
        return appender.list.stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + ": "
                + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}

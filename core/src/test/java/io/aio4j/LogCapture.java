package io.aio4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the core logs on its {@code io.aio4j} {@link System.Logger}, for as long as it is open. The
 * JDK's default {@code System.Logger} backend is {@code java.util.logging}, so a JUL handler on the logger of the
 * same name sees every record; the records are kept off the console while captured.
 */
final class LogCapture implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.aio4j"); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final boolean usedParentHandlers = logger.getUseParentHandlers();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The logger's own level, put back on close. */
    private final Level levelBefore = logger.getLevel();

    /** Captures at the logger's level as it is (INFO and above by default). */
    LogCapture() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /**
     * Captures down to {@code level} (e.g. {@link Level#FINE}, what {@code System.Logger}'s DEBUG maps to): the
     * logger's level is lowered while this is open.
     */
    LogCapture(Level level) {
        this();
        logger.setLevel(level);
    }

    /** The records logged so far, in order. */
    List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records at {@code level} whose message contains {@code text}. */
    List<LogRecord> find(Level level, String text) {
        return records.stream()
                .filter(r -> r.getLevel().equals(level) && r.getMessage() != null && r.getMessage().contains(text))
                .toList();
    }

    @Override
    public void close() {
        logger.setLevel(levelBefore);
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}

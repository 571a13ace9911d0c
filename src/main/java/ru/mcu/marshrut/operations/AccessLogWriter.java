package ru.mcu.marshrut.operations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;

import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.formatters.JsonFormatter;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The access log's lines, gathered and written in batches by a thread of its own. A request only leaves its line in a
 * bounded queue (no log record, no wake-up of another thread); the writer wakes every {@code interval}, makes each
 * line a log record, formats the records with the console handler's own formatter (so a line has every key, extra
 * field and format the console's other lines have) and writes them with one call. The logging system's other handlers
 * (a file, syslog) are given each record as it is made. A full queue wakes the writer at once and makes the request
 * wait for room: a line is never dropped. After {@link #close()} a request writes its own line.
 */
final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AccessLogWriter.class);

    /** The logger the lines are filed under: its level and the handlers' levels and filters apply to them. */
    static final String LOGGER_NAME = "ru.mcu.marshrut.operations.AccessLog";

    private static final int BATCH = 4096;

    /**
     * One request as the access log tells it: the query string is never kept (an Open311 {@code api_key} or an OIDC
     * authorization code travels in one).
     *
     * @param principal the caller's name, null when the request was not authenticated
     * @param bytes the response body's bytes
     * @param micros from the request's first handler to the end of its response
     * @param threadName the thread that ended the request, which the line names as a logged line names its own
     */
    record Line(long epochMillis, String client, String principal, String method, String path, int status, long bytes,
            long micros, String threadName, long threadId) {
    }

    /**
     * Where the lines go, and whether they are wanted.
     *
     * @param category the logger the lines are filed under, whose level decides whether there are any
     * @param console the console's handler, whose formatter and level apply; null when the console is off
     * @param out the stream that handler writes to, written here in batches
     * @param others the logging system's other handlers, each given every record
     */
    record Targets(java.util.logging.Logger category, Handler console, OutputStream out, List<Handler> others) {
    }

    private final ArrayBlockingQueue<Line> queue;
    private final Targets targets;
    private final boolean json;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean closed;

    // Used under this object's lock only (the writer, or a closing or late caller).
    private final List<Line> batch = new ArrayList<>();
    private final StringBuilder text = new StringBuilder(1 << 16);
    private boolean failed;

    AccessLogWriter(Targets targets, int capacity, long interval, TimeUnit unit) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.targets = targets;
        this.json = targets.console() != null && targets.console().getFormatter() instanceof JsonFormatter;
        this.intervalNanos = unit.toNanos(interval);
        this.thread = new Thread(this::run, "marshrut-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the category's level lets INFO lines through (set to WARN or OFF, the access log is silent). */
    boolean wanted() {
        return targets.category().isLoggable(Level.INFO);
    }

    void add(Line line) {
        if (!queue.offer(line)) {
            LockSupport.unpark(thread);
            try {
                queue.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                write(List.of(line));
            }
        }
        if (closed) {
            drain();
        }
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, intervalNanos);
            drain();
        }
    }

    /** Writes everything queued now. */
    synchronized void drain() {
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private synchronized void write(List<Line> lines) {
        Handler console = targets.console();
        text.setLength(0);
        for (Line line : lines) {
            ExtLogRecord record = record(line);
            if (console != null && console.isLoggable(record)) {
                format(console, record, line);
            }
            for (Handler other : targets.others()) {
                publish(other, record);
            }
        }
        if (text.isEmpty()) {
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            targets.out().write(bytes);
            targets.out().flush();
        } catch (IOException e) {
            if (!failed) {
                failed = true; // once: a console that cannot be written would otherwise fill the log with this
                LOG.errorf("The access log could not be written: %s", e.toString());
            }
        }
    }

    /** A handler that fails is told of once; it must not stop the writer, or requests would wait for room forever. */
    private void publish(Handler handler, ExtLogRecord record) {
        try {
            handler.publish(record);
        } catch (RuntimeException e) {
            if (!failed) {
                failed = true;
                LOG.errorf("The access log could not be given to %s: %s", handler, e.toString());
            }
        }
    }

    /** The line as the console formats a logged line; in a JSON object, the request's parts as fields of their own. */
    private void format(Handler console, ExtLogRecord record, Line line) {
        String formatted;
        try {
            formatted = console.getFormatter().format(record);
        } catch (RuntimeException e) {
            if (!failed) {
                failed = true;
                LOG.errorf("The access log could not format a line: %s", e.toString());
            }
            return;
        }
        int close = json ? formatted.lastIndexOf('}') : -1;
        if (close < 0) {
            text.append(formatted);
            return;
        }
        text.append(formatted, 0, close);
        fields(line, text, !hasFields(formatted, close));
        text.append(formatted, close, formatted.length());
    }

    /** Whether the object closing at {@code close} has a field before it (every key excluded leaves {@code {}}). */
    private static boolean hasFields(String formatted, int close) {
        int i = close - 1;
        while (i >= 0 && Character.isWhitespace(formatted.charAt(i))) {
            i--;
        }
        return i >= 0 && formatted.charAt(i) != '{';
    }

    private static ExtLogRecord record(Line line) {
        StringBuilder message = new StringBuilder(128);
        message(line, message);
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message.toString(), ExtLogRecord.FormatStyle.NO_FORMAT,
                AccessLog.class.getName());
        record.setLoggerName(LOGGER_NAME);
        record.setInstant(Instant.ofEpochMilli(line.epochMillis()));
        record.setThreadName(line.threadName());
        record.setLongThreadID(line.threadId());
        record.disableCallerCalculation();
        return record;
    }

    /** Stops the writer and writes what is queued; later lines are written by their requests. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }

    /** The message of Quarkus's access-log pattern {@code %h %l %u "%m %R" %s %b}. */
    static void message(Line line, StringBuilder to) {
        to.append(line.client()).append(" - ").append(line.principal() == null ? "-" : line.principal())
                .append(" \"").append(line.method()).append(' ').append(line.path()).append("\" ")
                .append(line.status()).append(' ');
        if (line.bytes() == 0) {
            to.append('-');
        } else {
            to.append(line.bytes());
        }
    }

    /** The request's parts as JSON fields, after the formatter's own ({@code first}: no comma before them). */
    private static void fields(Line line, StringBuilder to, boolean first) {
        to.append(first ? "\"client\":" : ",\"client\":");
        string(line.client(), to);
        to.append(",\"principal\":");
        string(line.principal(), to);
        to.append(",\"method\":");
        string(line.method(), to);
        to.append(",\"path\":");
        string(line.path(), to);
        to.append(",\"status\":").append(line.status()).append(",\"bytes\":").append(line.bytes())
                .append(",\"ms\":").append(line.micros() / 1000).append('.');
        long fraction = line.micros() % 1000;
        if (fraction < 100) {
            to.append('0');
        }
        if (fraction < 10) {
            to.append('0');
        }
        to.append(fraction);
    }

    private static void string(String value, StringBuilder to) {
        if (value == null) {
            to.append("null");
            return;
        }
        to.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, to);
        to.append('"');
    }
}

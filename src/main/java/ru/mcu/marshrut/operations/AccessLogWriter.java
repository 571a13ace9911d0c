package ru.mcu.marshrut.operations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The access log's lines, gathered and written in batches by a thread of its own. A request only leaves its line in a
 * bounded queue (no log record, no wake-up of another thread); the writer wakes every {@code interval}, formats what
 * has gathered and writes it with one call. A full queue wakes the writer at once and makes the request wait for room:
 * a line is never dropped. After {@link #close()} a request writes its own line.
 */
final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AccessLogWriter.class);

    /** Name in each JSON line, where the logging system writes its logger's name. */
    static final String LOGGER_NAME = "ru.mcu.marshrut.operations.AccessLog";

    private static final DateTimeFormatter PLAIN_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int BATCH = 4096;

    /**
     * One request as the access log tells it: the query string is never kept (an Open311 {@code api_key} or an OIDC
     * authorization code travels in one).
     *
     * @param principal the caller's name, null when the request was not authenticated
     * @param bytes the response body's bytes
     * @param micros from the request's first handler to the end of its response
     */
    record Line(long epochMillis, String client, String principal, String method, String path, int status, long bytes,
            long micros) {
    }

    private final ArrayBlockingQueue<Line> queue;
    private final OutputStream out;
    private final boolean json;
    private final long intervalNanos;
    private final ZoneId zone = ZoneId.systemDefault();
    private final Thread thread;
    private volatile boolean closed;

    // Used under this object's lock only (the writer, or a closing or late caller).
    private final List<Line> batch = new ArrayList<>();
    private final StringBuilder text = new StringBuilder(1 << 16);
    private boolean failed;

    AccessLogWriter(OutputStream out, boolean json, int capacity, long interval, TimeUnit unit) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = out;
        this.json = json;
        this.intervalNanos = unit.toNanos(interval);
        this.thread = new Thread(this::run, "marshrut-access-log");
        thread.setDaemon(true);
        thread.start();
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
        text.setLength(0);
        for (Line line : lines) {
            if (json) {
                json(line, text);
            } else {
                plain(line, text);
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            if (!failed) {
                failed = true; // once: a console that cannot be written would otherwise fill the log with this
                LOG.errorf("The access log could not be written: %s", e.toString());
            }
        }
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

    /** One JSON object: the fields the logging system's JSON lines have, then the request's parts on their own. */
    static void json(Line line, StringBuilder to) {
        to.append("{\"timestamp\":\"");
        DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochMilli(line.epochMillis()), to);
        to.append("\",\"loggerName\":\"").append(LOGGER_NAME).append("\",\"level\":\"INFO\",\"message\":\"");
        StringBuilder message = new StringBuilder(128);
        message(line, message);
        JsonStringEncoder.getInstance().quoteAsString(message, to);
        to.append("\",\"client\":");
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
        to.append(fraction).append('}');
    }

    /** As the logging system's readable lines ({@code %d{HH:mm:ss.SSS} %-5p [%c{2.}] %s}), in the local time zone. */
    void plain(Line line, StringBuilder to) {
        PLAIN_TIME.formatTo(LocalTime.ofInstant(Instant.ofEpochMilli(line.epochMillis()), zone), to);
        to.append(" INFO  [ru.mc.ma.op.AccessLog] ");
        message(line, to);
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

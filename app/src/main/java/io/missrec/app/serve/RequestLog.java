package io.missrec.app.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The impression log: one JSON line per list served, appended to a file by a thread of its own, so
 * a served list can be traced to the model version that scored it (and through lineage to its data
 * and code), and lists can be joined with what users did next for offline evaluation. A request
 * never waits for the disk: when the queue is full the line is dropped and counted.
 *
 * <p>A line: {@code {"time", "requestId", "model", "user"? | "history"?, "k", "includeSeen",
 * "items", "scores", "seconds", "shadow"?}}, ids in the dataset's own; {@code shadow} is the shadow
 * model's list for the same request and its overlap with the served one, when it was compared.
 */
public final class RequestLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> STOP = Map.of();

  private final Path file;
  private final OutputStream out;
  private final BlockingQueue<Map<String, Object>> queue;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;

  private RequestLog(Path file, OutputStream out, int capacity) {
    this.file = file;
    this.out = out;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "missrec-request-log");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens {@code file} for appending (creating it and its folder).
   *
   * @param capacity most lines waiting for the disk
   * @throws IllegalArgumentException naming the file when it cannot be written
   */
  public static RequestLog open(Path file, int capacity) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
              1 << 16);
      return new RequestLog(file, out, capacity);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--request-log " + file + ": cannot be written (" + e + ")", e);
    }
  }

  /**
   * Queues the line of one answered request; drops it (counted) when the writer is behind.
   *
   * @param request what was asked
   * @param answer what was answered, and by which model
   * @param seconds from the request's arrival to its answer
   * @param shadow the shadow's line ({@link ShadowScorer}), or null
   */
  public void served(
      Instant time,
      String requestId,
      ServeRequest request,
      RecommendationService.Answer answer,
      double seconds,
      Map<String, Object> shadow) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", time.toString());
    line.put("requestId", requestId);
    line.put("model", answer.model());
    if (request.user() != null) {
      line.put("user", request.user());
    } else {
      line.put("history", request.items());
    }
    line.put("k", answer.k());
    line.put("includeSeen", request.includeSeen());
    line.put("items", answer.list().get("items"));
    line.put("scores", answer.list().get("scores"));
    line.put("seconds", Math.round(seconds * 1e6) / 1e6);
    if (shadow != null) {
      line.put("shadow", shadow);
    }
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  /** Lines written so far. */
  public long written() {
    return written.get();
  }

  /** Lines dropped because the writer was behind. */
  public long dropped() {
    return dropped.get();
  }

  private void run() {
    List<Map<String, Object>> batch = new ArrayList<>();
    boolean failing = false;
    while (true) {
      Map<String, Object> first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      batch.add(first);
      queue.drainTo(batch);
      boolean stop = false;
      int done = 0;
      try {
        for (Map<String, Object> line : batch) {
          done++;
          if (line == STOP) {
            stop = true;
            continue;
          }
          out.write(JSON.writeValueAsBytes(line));
          out.write('\n');
          written.incrementAndGet();
        }
        out.flush(); // a batch at a time: a crash loses at most what was still queued
        failing = false;
      } catch (IOException e) {
        dropped.addAndGet(batch.size() - done + 1);
        if (!failing) {
          LOG.warn("cannot write the request log {}: {}; lines are dropped", file, e.toString());
          failing = true;
        }
      }
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  /** Writes what is queued, then closes the file; a second close does nothing. */
  @Override
  public void close() throws InterruptedException {
    if (writer.isAlive()) {
      queue.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(30));
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the request log " + file, e);
    }
  }
}

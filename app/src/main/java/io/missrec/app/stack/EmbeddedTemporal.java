package io.missrec.app.stack;

import io.temporal.testserver.TestServer;

/**
 * Temporal's official in-memory server (the SDK's test server) serving gRPC on localhost, real time
 * (no time skipping). It keeps workflows in memory only: they are gone once it stops.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  /** Temporal's usual frontend port, used when free so that other shells find the server. */
  public static final int DEFAULT_PORT = 7233;

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on {@link #DEFAULT_PORT} if it is free, else on another free port. */
  public static EmbeddedTemporal start() {
    return start(FreePort.preferring(DEFAULT_PORT));
  }

  public static EmbeddedTemporal start(int port) {
    // time skipping locked: retry backoffs and timeouts run on the real clock, as on a cluster
    return new EmbeddedTemporal(TestServer.createPortBoundServer(port, true), port);
  }

  /** {@code 127.0.0.1:<port>}, the value for {@code TEMPORAL_ADDRESS}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.close();
  }
}

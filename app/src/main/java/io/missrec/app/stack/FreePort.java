package io.missrec.app.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Local TCP ports for embedded servers whose API needs a port up front. */
final class FreePort {
  private FreePort() {}

  /** {@code preferred} when nothing listens there, else any free port. */
  static int preferring(int preferred) {
    if (preferred > 0 && isFree(preferred)) {
      return preferred;
    }
    return any();
  }

  static int any() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

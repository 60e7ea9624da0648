package org.paperrec.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a plain socket from a chosen loopback source address (any of
 * 127.0.0.0/8 reaches 127.0.0.1 on Linux), so that a test can be two clients on one machine: the
 * JDK's HTTP client cannot choose its source address on Java 17.
 */
final class LoopbackClient {

  /** A response: its status and raw head and body. */
  record Answer(int status, String head, String body) {

    /** The value of response header {@code name}, or null. */
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  private LoopbackClient() {}

  /**
   * Sends {@code method path} with no body to 127.0.0.1:{@code port} from {@code source}.
   *
   * @param headers name, value, name, value, ...
   */
  static Answer send(String source, int port, String method, String path, String... headers) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0)) {
      socket.setSoTimeout(60_000);
      StringBuilder request = new StringBuilder()
          .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
          .append("Host: localhost:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      if (!method.equals("GET")) {
        request.append("Content-Length: 0\r\n");
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      String head = end < 0 ? response : response.substring(0, end);
      String body = end < 0 ? "" : response.substring(end + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Answer(status, head, body);
    }
  }
}

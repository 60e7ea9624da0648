package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that HTTP clients refuse to send or normalise (a
 * request line with {@code %ff}, {@code OPTIONS *}, oversized headers, any {@code Host}). Reads one
 * response: its status line, headers, and a body of {@code Content-Length} bytes or up to the close.
 */
final class RawHttp {

  /** One parsed response; header names are lower case. */
  record Reply(int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Asserts an RFC 9457 problem of {@code status} with a detail, and returns its JSON. */
    JsonNode assertProblem(int expectedStatus) {
      assertEquals(expectedStatus, status, body);
      assertEquals(Problem.MEDIA_TYPE, header("content-type"), body);
      JsonNode problem;
      try {
        problem = ApiFixture.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
      assertEquals(expectedStatus, problem.path("status").asInt(), body);
      assertFalse(problem.path("title").asText().isBlank(), body);
      assertFalse(problem.path("detail").asText().isBlank(), body);
      return problem;
    }
  }

  private RawHttp() {}

  /** Sends {@code request} as ISO-8859-1 bytes on a new connection and reads the response. */
  static Reply send(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  /** Reads one response from {@code in}. */
  static Reply read(InputStream in) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if (status == 204 || status == 304) {
      body = new byte[0];
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else {
      body = in.readAllBytes();
    }
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** Whether the server closed {@code socket} (read returns end of stream) within {@code millis}. */
  static boolean closedWithin(Socket socket, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    InputStream in = socket.getInputStream();
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout((int) Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // still open
      } catch (IOException e) {
        return true; // reset by the server
      }
    }
    return false;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of a response head: " + head);
      }
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1).strip();
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
      if (size == 0) {
        readLine(in);
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}

package org.paperrec.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses requests whose {@code Host} names another server: 421 Misdirected Request. This stops DNS
 * rebinding, where a web page on {@code evil.example} makes its name resolve to 127.0.0.1 and then
 * calls the API of a server on the reader's own machine as a same-origin request (CORS cannot
 * tell: the browser thinks it talks to {@code evil.example}). The browser still sends {@code Host:
 * evil.example}, which no server on loopback should answer.
 *
 * <p>Which names are allowed: the configured ones ({@code --allowed-hosts}); with none configured,
 * {@link #LOOPBACK_NAMES} while the connector is bound to a loopback address and any name
 * otherwise (a server on a network address is reached under names the operator knows and this
 * server does not); {@code *} allows any name. A name allows every port; {@code name:port} only that
 * port. Names compare case-insensitively, without a trailing dot. A request without {@code Host}
 * (HTTP/1.0) passes: browsers always send one. Thread-safe.
 */
final class HostCheck extends Handler.Wrapper {

  /** The names under which a browser reaches a server on this machine: the web page and extensions use these. */
  static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

  private final List<String> configured;
  private final Map<Connector, List<String>> perConnector = new ConcurrentHashMap<>();

  /** @param configured allowed names from the settings; empty for the default, {@code ["*"]} for any */
  HostCheck(List<String> configured) {
    this.configured = List.copyOf(configured);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    List<String> allowed = perConnector.computeIfAbsent(
        request.getConnectionMetaData().getConnector(), c -> effective(configured, boundToLoopback(c)));
    String host = request.getHeaders().get(HttpHeader.HOST);
    HttpURI uri = request.getHttpURI();
    String refused = null;
    if (host != null && !allows(allowed, host)) {
      refused = host;
    } else if (uri.isAbsolute() && uri.getAuthority() != null && !allows(allowed, uri.getAuthority())) {
      refused = uri.getAuthority();
    }
    if (refused == null) {
      return super.handle(request, response, callback);
    }
    String detail = "this server does not answer requests for host '" + refused + "'; it answers "
        + String.join(", ", allowed) + " (with any port): use one of these in the URL, or start the server with"
        + " --allowed-hosts (PAPERREC_ALLOWED_HOSTS) listing the names it is reached under, '*' for any";
    ProblemMapper.refuse(request, response, callback, ProblemType.MISDIRECTED_REQUEST, detail);
    return true;
  }

  /**
   * The names to check, or an empty list for no check.
   *
   * @param configured names from the settings, lower case
   * @param loopback whether the server is bound to a loopback address
   */
  static List<String> effective(List<String> configured, boolean loopback) {
    if (configured.contains("*")) {
      return List.of();
    }
    if (!configured.isEmpty()) {
      return configured;
    }
    return loopback ? LOOPBACK_NAMES : List.of();
  }

  /**
   * Whether {@code hostHeader} ({@code name}, {@code name:port}, {@code [v6]:port}) matches an
   * allowed name; every name matches an empty list.
   */
  static boolean allows(List<String> allowed, String hostHeader) {
    if (allowed.isEmpty()) {
      return true;
    }
    String[] requested = split(hostHeader.strip().toLowerCase(Locale.ROOT));
    for (String entry : allowed) {
      String[] allowedHost = split(entry);
      if (allowedHost[0].equals(requested[0]) && (allowedHost[1] == null || allowedHost[1].equals(requested[1]))) {
        return true;
      }
    }
    return false;
  }

  /** {@code name[:port]} or {@code [v6][:port]} as name (without a trailing dot) and port (null when none). */
  private static String[] split(String hostAndPort) {
    String name = hostAndPort;
    String port = null;
    if (hostAndPort.startsWith("[")) {
      int end = hostAndPort.indexOf(']');
      if (end > 0) {
        name = hostAndPort.substring(0, end + 1);
        port = hostAndPort.startsWith(":", end + 1) ? hostAndPort.substring(end + 2) : null;
      }
    } else {
      int colon = hostAndPort.indexOf(':');
      if (colon >= 0 && hostAndPort.lastIndexOf(':') == colon) {
        name = hostAndPort.substring(0, colon);
        port = hostAndPort.substring(colon + 1);
      }
    }
    return new String[] {withoutTrailingDot(name), port};
  }

  private static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Whether {@code connector} listens on a loopback address only; all interfaces (no host) is not. */
  static boolean boundToLoopback(Connector connector) {
    if (!(connector instanceof NetworkConnector network) || network.getHost() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(network.getHost()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // cannot be: the connector is bound to it
    }
  }
}

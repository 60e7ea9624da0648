package org.paperrec.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files of the jar that handlers answer with, read once at start-up so that a missing one fails there. */
final class Resources {

  private Resources() {}

  /**
   * The bytes of a classpath resource.
   *
   * @param resource an absolute resource name, such as {@code /org/paperrec/server/http/openapi.json}
   * @throws IllegalStateException when the jar lacks it
   */
  static byte[] read(String resource) {
    try (InputStream in = Resources.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}

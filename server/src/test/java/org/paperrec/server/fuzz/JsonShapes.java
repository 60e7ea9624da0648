package org.paperrec.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generated JSON: values of every type, and objects built from a template of fields where each
 * field is usually valid, sometimes missing, sometimes a value of another type. Jackson's own
 * writer makes the text, so the seeds are well-formed; {@link Mutations} breaks them.
 *
 * <p>Generators are plain functions of a {@link Random} (jqwik's, through {@code
 * Arbitraries.randomValue}), not trees of jqwik arbitraries: jqwik compares such trees on every
 * try to memoize their generators, which cost more than the parsing being fuzzed. The price is that
 * jqwik does not shrink a seed; it still shrinks the edits of {@link Mutations}.
 */
public final class JsonShapes {

  /** A generator of {@code T}. */
  @FunctionalInterface
  public interface Gen<T> extends Function<Random, T> {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> EDGE_STRINGS =
      List.of("", " ", "\n\t", "x".repeat(1001), "ab ".repeat(7000), "\u0000", "\uD800", "\uDFFF\uD800");

  private JsonShapes() {}

  public static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** One of {@code values}. */
  @SafeVarargs
  public static <T> Gen<T> oneOf(T... values) {
    List<T> list = List.of(values);
    return r -> pick(r, list);
  }

  /** {@code valid} 7 times in 8, else any string. */
  public static Gen<String> mostly(Gen<String> valid) {
    return r -> r.nextInt(8) > 0 ? valid.apply(r) : string(r);
  }

  /** A string with odd Unicode and edge lengths. */
  public static String string(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> pick(r, EDGE_STRINGS);
      case 1 -> pick(r, Mutations.COMMON_PIECES);
      case 2 -> ascii(r, r.nextInt(30));
      default -> unicode(r, r.nextInt(30));
    };
  }

  public static String ascii(Random r, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) (' ' + r.nextInt(95)));
    }
    return s.toString();
  }

  /** Any UTF-16 code units, lone surrogates included, biased towards the first planes. */
  public static String unicode(Random r, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int bound = switch (r.nextInt(4)) {
        case 0 -> 0x80;
        case 1 -> 0x800;
        default -> 0x10000;
      };
      s.append((char) r.nextInt(bound));
    }
    return s.toString();
  }

  /** A number: small, at the edges of int and long, huge, fractional. */
  public static JsonNode number(Random r) {
    return switch (r.nextInt(7)) {
      case 0, 1 -> NODES.numberNode(r.nextInt(104) - 3);
      case 2 -> NODES.numberNode(pick(r, List.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1)));
      case 3 -> NODES.numberNode(pick(r, List.of(Long.MAX_VALUE, Long.MIN_VALUE)));
      case 4 -> NODES.numberNode(new BigInteger((r.nextBoolean() ? "-" : "") + "9".repeat(1 + r.nextInt(300))));
      case 5 -> NODES.numberNode(pick(r, List.of(0.5, -0.0, 1e300, Double.MIN_VALUE)));
      default -> NODES.numberNode(new BigDecimal(pick(r, List.of("1e-400", "1.5e400", "-0.000"))));
    };
  }

  /** Any JSON value, nested at most {@code depth} deep. */
  public static JsonNode value(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0, 1, 2 -> NODES.textNode(string(r));
      case 3, 4 -> number(r);
      case 5 -> pick(r, List.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          array.add(value(r, depth - 1));
        }
        yield array;
      }
      default -> NODES.objectNode().set(string(r), value(r, depth - 1));
    };
  }

  public static Gen<JsonNode> text(Gen<String> s) {
    return r -> NODES.textNode(s.apply(r));
  }

  /** An array of up to {@code maxSize} elements of {@code element}. */
  public static Gen<JsonNode> array(Gen<? extends JsonNode> element, int maxSize) {
    return r -> {
      ArrayNode array = NODES.arrayNode();
      for (int i = r.nextInt(maxSize + 1); i > 0; i--) {
        array.add(element.apply(r));
      }
      return array;
    };
  }

  /**
   * Objects with the fields of {@code template}, in its order: each field is its valid value (16 in
   * 20), left out (3 in 20) or any other value (1 in 20); sometimes with an unknown field more.
   */
  public static Gen<ObjectNode> object(Map<String, Gen<? extends JsonNode>> template) {
    return r -> {
      ObjectNode object = NODES.objectNode();
      template.forEach((name, valid) -> {
        int dice = r.nextInt(20);
        if (dice < 16) {
          object.set(name, valid.apply(r));
        } else if (dice == 19) {
          object.set(name, value(r, 2));
        }
      });
      if (r.nextInt(20) == 0) {
        object.set(string(r), value(r, 1));
      }
      return object;
    };
  }
}

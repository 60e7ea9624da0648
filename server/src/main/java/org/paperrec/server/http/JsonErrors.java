package org.paperrec.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Describes Jackson's errors in reading a request body so that a person can fix the body, in the
 * words of JSON and of our API: no Jackson class, feature or setting name reaches a detail (Jackson's
 * own messages suggest enabling parser features, which a client cannot do).
 */
final class JsonErrors {

  /** Phrases after which Jackson's messages turn to its configuration or its source description. */
  private static final List<String> JACKSON_TAILS = List.of(
      ": enable `", "; enable `", " (not recognized as one since", " (for ", " at [Source", " (start marker at",
      " (through reference chain", "\n");

  /** Jackson's token names, which some of its messages use, in JSON's words. */
  private static final Map<String, String> TOKEN_NAMES = Map.ofEntries(
      Map.entry("VALUE_STRING", "a string"),
      Map.entry("VALUE_NUMBER_INT", "an integer"),
      Map.entry("VALUE_NUMBER_FLOAT", "a number"),
      Map.entry("VALUE_TRUE", "true"),
      Map.entry("VALUE_FALSE", "false"),
      Map.entry("VALUE_NULL", "null"),
      Map.entry("START_OBJECT", "an object"),
      Map.entry("END_OBJECT", "the end of an object"),
      Map.entry("START_ARRAY", "an array"),
      Map.entry("END_ARRAY", "the end of an array"),
      Map.entry("FIELD_NAME", "a field name"));

  private JsonErrors() {}

  /**
   * A body over one of the limits of {@link Json}; databind may wrap the parser's exception in a
   * {@link JsonMappingException}.
   */
  static boolean isOverLimit(Exception e) {
    return overLimit(e) != null;
  }

  /** Which limit the body broke and where, with the limit's value. */
  static String describeLimit(Exception e) {
    StreamConstraintsException over = overLimit(e);
    String message = String.valueOf(over.getMessage());
    String limit;
    if (message.contains("getMaxNestingDepth")) {
      limit = "arrays and objects may nest at most " + Json.MAX_NESTING_DEPTH + " levels deep";
    } else if (message.contains("getMaxNumberLength")) {
      limit = "a number may have at most " + Json.MAX_NUMBER_CHARS + " digits";
    } else if (message.contains("getMaxNameLength")) {
      limit = "a field name may be at most " + Json.MAX_NAME_CHARS + " characters long";
    } else if (message.contains("getMaxStringLength")) {
      limit = "a string may be at most " + StreamReadConstraints.DEFAULT_MAX_STRING_LEN + " characters long";
    } else {
      limit = "it is too large or too complex to read";
    }
    return "the request body is beyond a JSON limit" + location(over) + ": " + limit
        + "; no valid request comes near it, so check how the body is built";
  }

  private static StreamConstraintsException overLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamConstraintsException) {
        return (StreamConstraintsException) t;
      }
    }
    return null;
  }

  /**
   * Parse and binding errors, which only reading a request body raises; other Jackson exceptions
   * (a response that cannot be serialised) are server errors. Jackson wraps a parse error met
   * inside a collection in a {@link JsonMappingException} that carries the path.
   */
  static boolean isRequestError(Exception e) {
    return e instanceof StreamReadException
        || e instanceof MismatchedInputException
        || (e instanceof JsonMappingException && e.getCause() instanceof StreamReadException);
  }

  /** A detail that names the field (as a JSON path) or the line and column, and what was expected. */
  static String describe(Exception e) {
    if (e instanceof UnrecognizedPropertyException) {
      UnrecognizedPropertyException u = (UnrecognizedPropertyException) e;
      List<Object> allowed = new ArrayList<>(u.getKnownPropertyIds());
      if (u.getReferringClass() == Requests.MyRecommendationsBody.class) {
        // Declared there only to be refused with a reason: not allowed, so not listed.
        allowed.removeAll(Requests.MyRecommendationsBody.PAPER_FIELDS);
      }
      return "unknown field '" + path(u) + "'; the fields allowed there are " + names(allowed);
    }
    if (e instanceof MismatchedInputException) {
      MismatchedInputException m = (MismatchedInputException) e;
      String where = path(m);
      String got = m instanceof InvalidFormatException ? ", got " + quote(((InvalidFormatException) m).getValue()) : "";
      if (where.isEmpty()) {
        if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
          return "the request body has more content after its JSON value" + location(m) + "; send one JSON value";
        }
        return "the request body must be " + expected(m.getTargetType()) + got;
      }
      return "field '" + where + "' must be " + expected(m.getTargetType()) + got;
    }
    StreamReadException s = (StreamReadException) (e instanceof StreamReadException ? e : e.getCause());
    String field = e instanceof JsonMappingException && !path((JsonMappingException) e).isEmpty()
        ? " in field '" + path((JsonMappingException) e) + "'"
        : "";
    return "the request body is not valid JSON" + location(s) + field + ": " + plain(s.getOriginalMessage());
  }

  /**
   * Jackson's description of a syntax error in JSON terms: a non-finite number gets our own words,
   * and whatever Jackson adds about its features or its input source is cut off.
   */
  static String plain(String message) {
    String m = message == null ? "" : message;
    boolean minusLetter = (m.startsWith("Unexpected character ('N'") || m.startsWith("Unexpected character ('I'"))
        && m.contains("to follow minus sign");
    if (m.startsWith("Non-standard token '") && (m.contains("NaN") || m.contains("Infinity")) || minusLetter) {
      return "numbers must be finite JSON numbers, such as 0.5, -2 or 1e-3; NaN and Infinity are not JSON";
    }
    if (m.contains("does not allow numbers to have plus signs")) {
      return "a JSON number has no leading plus sign; write 1, not +1";
    }
    if (m.contains("maybe a (non-standard) comment")) {
      return "JSON has no comments; remove them";
    }
    for (String tail : JACKSON_TAILS) {
      int at = m.indexOf(tail);
      if (at >= 0) {
        m = m.substring(0, at);
      }
    }
    for (Map.Entry<String, String> token : TOKEN_NAMES.entrySet()) {
      m = m.replace(token.getKey(), token.getValue());
    }
    if (m.contains("`") || m.contains("Feature") || m.contains("com.fasterxml") || m.contains("Jackson")
        || m.isBlank()) {
      return "check the JSON syntax there";
    }
    return abbreviate(m.strip());
  }

  private static String location(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** A JSON path such as {@code filter.categories[2]} or {@code [3].title}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another JSON type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return "a JSON object";
  }

  private static String names(Collection<Object> names) {
    List<String> sorted = names.stream().map(String::valueOf).sorted().collect(Collectors.toList());
    return String.join(", ", sorted);
  }

  private static String quote(Object value) {
    return value instanceof String ? "\"" + abbreviate((String) value) + "\"" : String.valueOf(value);
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

}

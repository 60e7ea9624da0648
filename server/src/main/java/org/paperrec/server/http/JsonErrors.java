package org.paperrec.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Describes Jackson's errors in reading a request body so that a person can fix the body. */
final class JsonErrors {

  private JsonErrors() {}

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
    return "the request body is not valid JSON" + location(s) + field + ": " + abbreviate(s.getOriginalMessage());
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

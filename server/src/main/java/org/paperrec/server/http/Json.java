package org.paperrec.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON mapper of the API: strict when reading requests, omits absent (null) fields when writing.
 *
 * <p>Reading is bounded by {@link #MAX_NESTING_DEPTH}, {@link #MAX_NUMBER_CHARS} and {@link
 * #MAX_NAME_CHARS}, far below Jackson's defaults (1000 levels, 1000 digits, 50,000 characters) and far
 * above what any valid body needs, so that a hostile body costs a parse of a few bytes, not a
 * megabyte of recursion or a quadratic number conversion. A body over a limit is a 400 {@code
 * json-limit-exceeded} problem that names the limit ({@link JsonErrors}). Strings are bounded by each
 * route's body size ({@link Limits}) and the text limits checked after binding.
 */
final class Json {

  /**
   * Deepest nesting of arrays and objects in a request body. The deepest valid body nests four
   * levels ({@code [{"externalIds": {"DOI": "..."}}]}).
   */
  static final int MAX_NESTING_DEPTH = 32;

  /**
   * Most characters of one number. The longest valid number is a {@code seed} (a {@code long}, 20
   * characters) or a double written out in full (about 25).
   */
  static final int MAX_NUMBER_CHARS = 64;

  /** Most characters of one field name; the longest valid one is {@code recencyHalfLifeDays}. */
  static final int MAX_NAME_CHARS = 256;

  private Json() {}

  /**
   * A new mapper. Reading is strict so that a mistake is reported rather than guessed at: unknown
   * fields, duplicate keys, trailing content, {@code "5"} for a number, {@code 5} for a string and
   * {@code 5.5} for an integer are all errors.
   */
  static ObjectMapper newMapper() {
    StreamReadConstraints limits = StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_CHARS)
        .maxNameLength(MAX_NAME_CHARS)
        .build();
    return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        // ALLOW_COERCION_OF_SCALARS does not stop 5 or true from becoming the string "5" or "true".
        .withCoercionConfig(LogicalType.Textual, text -> text
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }
}

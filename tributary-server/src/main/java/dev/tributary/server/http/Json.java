package dev.tributary.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The server's JSON mapper: nulls are left out of answers; times are ISO-8601 strings. */
public final class Json {

  public static final JsonMapper MAPPER = JsonMapper.builder()
      .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_NULL)
          .withContentInclusion(JsonInclude.Include.NON_NULL))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}
}

package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.Filter;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Search filters built from callers' values. They are built as filter objects, never by pasting
 * text: a value is always a literal, and its string form escapes {@code * ( ) \} and NUL as RFC
 * 4515 asks ({@code \2a \28 \29 \5c \00}).
 */
final class LdapFilters {

  private LdapFilters() {}

  static Filter ofClass(String objectClass) {
    return Filter.createEqualityFilter("objectClass", objectClass);
  }

  /** {@code (&(a=v)…)} for the given fields, through {@code attributes} (field → attribute). */
  static List<Filter> equalities(Map<String, Object> values, Map<String, String> attributes) {
    List<Filter> filters = new ArrayList<>();
    values.forEach((field, value) -> {
      String attribute = attributes.get(field);
      if (attribute == null) {
        throw InvalidInputException.forField(field, "\"" + field + "\" cannot be compared in the directory. Fields that"
            + " can: " + String.join(", ", attributes.keySet()) + ".");
      }
      if (value == null) {
        filters.add(Filter.createNOTFilter(Filter.createPresenceFilter(attribute)));
      } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
        throw InvalidInputException.forField(field, "\"" + field + "\" must be compared with a text value, not " + value + ".");
      } else {
        filters.add(Filter.createEqualityFilter(attribute, String.valueOf(value)));
      }
    });
    return filters;
  }

  /** {@code (|(a=*text*)…)}: entries whose attributes contain {@code text}; everything for blank text. */
  static List<Filter> containing(String text, List<String> attributes) {
    if (text.isBlank()) {
      return List.of();
    }
    List<Filter> filters = new ArrayList<>();
    for (String attribute : attributes) {
      filters.add(Filter.createSubstringFilter(attribute, null, new String[] {text}, null));
    }
    return List.of(Filter.createORFilter(filters));
  }

  static Filter and(Filter first, List<Filter> more) {
    if (more.isEmpty()) {
      return first;
    }
    List<Filter> all = new ArrayList<>();
    all.add(first);
    all.addAll(more);
    return Filter.createANDFilter(all);
  }
}

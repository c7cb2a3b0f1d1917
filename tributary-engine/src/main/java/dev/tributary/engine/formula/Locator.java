package dev.tributary.engine.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A path into the variables: {@code $} is all of them, {@code $.a.b[0]} walks keys and list
 * indexes. A backslash escapes {@code .}, {@code [} and itself inside a key ({@code
 * $.headers.x\.id}). The leading {@code $.} may be left out ({@code response.data}).
 */
final class Locator {

  /** Parsed locators by text: templates name the same few locators for every record they map. */
  private static final Map<String, List<Object>> PARSED = new ConcurrentHashMap<>();
  private static final int MAX_PARSED = 10_000;
  private static final List<Object> INVALID = List.of(new Object());

  private Locator() {}

  /** The value at {@code locator}, or null when the path is invalid or leads nowhere. */
  static @Nullable Object resolve(String locator, Object root) {
    List<Object> steps = steps(locator);
    return steps == null ? null : walk(steps, root);
  }

  /** The locator's steps (keys and indexes, immutable), or null when it is not well formed. */
  static @Nullable List<Object> steps(String locator) {
    List<Object> steps = PARSED.get(locator);
    if (steps == null) {
      List<Object> parsed = parse(locator);
      steps = parsed == null ? INVALID : List.copyOf(parsed);
      if (PARSED.size() >= MAX_PARSED) {
        PARSED.clear(); // locators computed from data could be endless; keep the cache bounded
      }
      PARSED.put(locator, steps);
    }
    return steps == INVALID ? null : steps;
  }

  /**
   * The value found by following {@code steps} from {@code root}, or null when they lead nowhere.
   * Indexed rather than iterated: the steps are an immutable random-access list, and this runs for
   * every variable of every record a mapping reads, where an iterator per call was a large share of
   * what a scan allocates.
   */
  static @Nullable Object walk(List<Object> steps, Object root) {
    Object current = root;
    for (int i = 0, n = steps.size(); i < n; i++) {
      Object step = steps.get(i);
      if (step instanceof Integer index) {
        if (!(current instanceof List<?> list) || index < 0 || index >= list.size()) {
          return null;
        }
        current = list.get(index);
      } else {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(step);
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /** The steps (keys and indexes), or null when the locator is not well formed. */
  static @Nullable List<Object> parse(String locator) {
    String text = locator.strip();
    if (text.equals("$")) {
      return List.of();
    }
    if (text.startsWith("$.")) {
      text = text.substring(2);
    } else if (text.startsWith("$[")) {
      text = text.substring(1);
    }
    List<Object> steps = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    boolean keyOpen = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        key.append(text.charAt(++i));
        keyOpen = true;
      } else if (c == '.') {
        if (keyOpen) {
          steps.add(key.toString());
          key.setLength(0);
          keyOpen = false;
        } else if (i == 0 || text.charAt(i - 1) != ']') {
          return null;
        }
      } else if (c == '[') {
        if (keyOpen) {
          steps.add(key.toString());
          key.setLength(0);
          keyOpen = false;
        }
        int close = text.indexOf(']', i);
        if (close < 0) {
          return null;
        }
        try {
          steps.add(Integer.parseInt(text.substring(i + 1, close).strip()));
        } catch (NumberFormatException e) {
          return null;
        }
        i = close;
      } else {
        key.append(c);
        keyOpen = true;
      }
    }
    if (keyOpen) {
      steps.add(key.toString());
    }
    return steps;
  }
}

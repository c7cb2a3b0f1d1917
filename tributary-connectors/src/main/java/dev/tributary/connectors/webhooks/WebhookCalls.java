package dev.tributary.connectors.webhooks;

import dev.tributary.connector.WebhookEvents;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Helpers for answering an app's webhook calls: reading headers and JSON bodies, computing and
 * comparing HMAC signatures in constant time, and refusing a call that is not the app's.
 */
public final class WebhookCalls {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookCalls() {}

  /** The first value of a header, by case-insensitive name. */
  public static Optional<String> header(WebhookEvents.Call call, String name) {
    return first(call.headers(), name);
  }

  /** The first value of a query parameter. */
  public static Optional<String> query(WebhookEvents.Call call, String name) {
    List<String> values = call.query().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** The call's body as JSON (an empty body reads as an empty object). */
  public static JsonNode json(WebhookEvents.Call call) {
    return call.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(call.body());
  }

  /** The app's parsed answer ({@code ApiResponse.data()}: maps, lists, scalars) as a JSON tree. */
  public static JsonNode tree(@Nullable Object data) {
    return data == null ? JSON.missingNode() : JSON.valueToTree(data);
  }

  /** A random secret of 32 bytes, hex-encoded, for a webhook's URL or signature. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The HMAC ({@code HmacSHA256}, {@code HmacSHA1}) of {@code data} with {@code key}. */
  public static byte[] hmac(String algorithm, String key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  /** Whether two texts are equal, in time that does not depend on where they differ. */
  public static boolean sameText(@Nullable String expected, @Nullable String given) {
    return expected != null && given != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** The answer to a call that is not from the app: no events, 401, and why (never the secret). */
  public static WebhookEvents.Handling refused(String reason) {
    return new WebhookEvents.Handling(List.of(), new WebhookEvents.Reply(401, Map.of("Content-Type", "text/plain"), reason), null);
  }

  private static Optional<String> first(Map<String, List<String>> headers, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      if (entry.getKey().toLowerCase(Locale.ROOT).equals(wanted) && !entry.getValue().isEmpty()) {
        return Optional.of(entry.getValue().getFirst());
      }
    }
    return Optional.empty();
  }
}

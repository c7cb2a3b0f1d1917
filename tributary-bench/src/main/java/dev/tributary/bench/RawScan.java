package dev.tributary.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upper bound of a full scan: fetch every page, parse it and hash every record the way the
 * engine's snapshot does (the first 128 bits of the SHA-256 of the record as JSON with sorted
 * keys), and nothing else — no mapping, no database.
 */
final class RawScan {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonMapper SORTED = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI base;

  RawScan(URI base) {
    this.base = base;
  }

  /** Scans the dataset; returns the number of records (their hashes are folded in so none is skipped). */
  @SuppressWarnings("unchecked")
  Result run(String dataset, int pageSize) {
    long records = 0;
    int fold = 0;
    String cursor = null;
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      do {
        URI uri = base.resolve("/contacts?dataset=" + dataset + "&limit=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        Map<String, Object> page = MAPPER.readValue(response.body(), Map.class);
        for (Map<String, Object> item : (List<Map<String, Object>>) page.get("items")) {
          fold ^= hash(sha256, item).hashCode();
          records++;
        }
        cursor = (String) page.get("next");
      } while (cursor != null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new Result(records, fold);
  }

  /** The record's hash as the snapshot computes it: the first 128 bits of the SHA-256 of its JSON with sorted keys, in hex. */
  static String hash(MessageDigest sha256, Map<String, Object> record) {
    return HexFormat.of().formatHex(sha256.digest(SORTED.writeValueAsBytes(new TreeMap<>(record))), 0, 16);
  }

  record Result(long records, int fold) {}
}

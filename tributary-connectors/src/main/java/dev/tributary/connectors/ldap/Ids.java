package dev.tributary.connectors.ldap;

import java.util.regex.Pattern;

/** Record ids are entryUUIDs (RFC 4530): the text form of a UUID. */
final class Ids {

  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Ids() {}

  static boolean isEntryUuid(String id) {
    return UUID.matcher(id).matches();
  }
}

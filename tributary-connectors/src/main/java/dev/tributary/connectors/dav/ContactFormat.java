package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.Schemas.field;

import dev.tributary.connector.ConnectorException;
import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Email;
import ezvcard.property.Note;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.Uid;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Contacts: vCards (RFC 6350, and 3.0 as most servers keep them), read and written with ez-vcard.
 * An update rewrites the vCard in the version it was stored in, keeping the properties the
 * connector does not know (photos, addresses, …).
 */
final class ContactFormat implements ResourceFormat {

  private static final Map<String, Object> VALUE_AND_TYPE = Schemas.properties(
      field("value", Schemas.string("The address or number.")),
      field("type", Schemas.string("Its kind, e.g. work, home, cell.")));

  private static final Map<String, Object> SCHEMA = Schemas.object(Schemas.properties(
      field("uid", Schemas.readOnly("The contact's UID, the same in every client.")),
      field("fullName", Schemas.string("FN: the name as displayed.")),
      field("firstName", Schemas.string("The given name (N).")),
      field("lastName", Schemas.string("The family name (N).")),
      field("emails", Schemas.objects(VALUE_AND_TYPE, "EMAIL properties.")),
      field("phones", Schemas.objects(VALUE_AND_TYPE, "TEL properties.")),
      field("organization", Schemas.string("ORG: the company.")),
      field("title", Schemas.string("TITLE: the job title.")),
      field("note", Schemas.string("NOTE.")),
      field("revision", Schemas.readOnlyDateTime("REV: when the vCard last changed.")),
      field("etag", Schemas.etag())));

  @Override
  public String extension() {
    return ".vcf";
  }

  @Override
  public String contentType() {
    return "text/vcard; charset=utf-8";
  }

  @Override
  public Map<String, Object> fieldsSchema() {
    return SCHEMA;
  }

  @Override
  public Optional<Content> read(String body) {
    VCard card = parse(body);
    if (card == null) {
      return Optional.empty();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("uid", card.getUid() == null ? null : card.getUid().getValue());
    fields.put("fullName", card.getFormattedName() == null ? null : blankToNull(card.getFormattedName().getValue()));
    StructuredName name = card.getStructuredName();
    if (name != null) {
      fields.put("firstName", blankToNull(name.getGiven()));
      fields.put("lastName", blankToNull(name.getFamily()));
    }
    List<Map<String, Object>> emails = new ArrayList<>();
    for (Email email : card.getEmails()) {
      emails.add(entry(email.getValue(), email.getTypes().stream().map(EmailType::getValue).filter(t -> !t.equalsIgnoreCase("internet")).findFirst()));
    }
    fields.put("emails", emails.isEmpty() ? null : emails);
    List<Map<String, Object>> phones = new ArrayList<>();
    for (Telephone phone : card.getTelephoneNumbers()) {
      String number = phone.getText() != null ? phone.getText() : phone.getUri() == null ? null : phone.getUri().getNumber();
      phones.add(entry(number, phone.getTypes().stream().map(TelephoneType::getValue).findFirst()));
    }
    fields.put("phones", phones.isEmpty() ? null : phones);
    fields.put("organization", card.getOrganization() == null ? null
        : blankToNull(String.join(", ", card.getOrganization().getValues())));
    fields.put("title", card.getTitles().isEmpty() ? null : blankToNull(card.getTitles().getFirst().getValue()));
    fields.put("note", card.getNotes().isEmpty() ? null : blankToNull(card.getNotes().getFirst().getValue()));
    Instant revision = card.getRevision() == null ? null : Values.instant(card.getRevision().getValue());
    fields.put("revision", revision == null ? null : revision.toString());
    fields.values().removeIf(Objects::isNull);
    return Optional.of(new Content(fields, (String) fields.get("fullName"), null, revision));
  }

  @Override
  public String create(String uid, Map<String, Object> fields) {
    VCard card = new VCard();
    card.setUid(new Uid(uid));
    write(card, fields);
    return Ezvcard.write(card).version(VCardVersion.V3_0).prodId(false).go();
  }

  @Override
  public String update(String body, Map<String, Object> fields) {
    VCard card = parse(body);
    if (card == null) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The resource holds no vCard to update.");
    }
    write(card, fields);
    VCardVersion version = card.getVersion() == null ? VCardVersion.V3_0 : card.getVersion();
    return Ezvcard.write(card).version(version).prodId(false).go();
  }

  private static void write(VCard card, Map<String, Object> fields) {
    if (fields.containsKey("firstName") || fields.containsKey("lastName")) {
      StructuredName name = card.getStructuredName() == null ? new StructuredName() : card.getStructuredName();
      if (fields.containsKey("firstName")) {
        name.setGiven(text(fields.get("firstName")));
      }
      if (fields.containsKey("lastName")) {
        name.setFamily(text(fields.get("lastName")));
      }
      card.setStructuredName(name);
    }
    if (fields.containsKey("fullName")) {
      card.setFormattedName(text(fields.get("fullName")));
    }
    if (fields.containsKey("emails")) {
      card.removeProperties(Email.class);
      Object value = fields.get("emails");
      for (Map<String, Object> entry : value == null ? List.<Map<String, Object>>of() : Values.objects("emails", value)) {
        Email email = new Email(String.valueOf(entry.get("value")));
        if (entry.get("type") != null) {
          email.getTypes().add(EmailType.get(String.valueOf(entry.get("type"))));
        }
        card.addEmail(email);
      }
    }
    if (fields.containsKey("phones")) {
      card.removeProperties(Telephone.class);
      Object value = fields.get("phones");
      for (Map<String, Object> entry : value == null ? List.<Map<String, Object>>of() : Values.objects("phones", value)) {
        Telephone phone = new Telephone(String.valueOf(entry.get("value")));
        if (entry.get("type") != null) {
          phone.getTypes().add(TelephoneType.get(String.valueOf(entry.get("type"))));
        }
        card.addTelephoneNumber(phone);
      }
    }
    if (fields.containsKey("organization")) {
      String organization = text(fields.get("organization"));
      if (organization == null) {
        card.setOrganization((Organization) null);
      } else {
        card.setOrganization(organization);
      }
    }
    if (fields.containsKey("title")) {
      card.removeProperties(Title.class);
      if (text(fields.get("title")) != null) {
        card.addTitle(text(fields.get("title")));
      }
    }
    if (fields.containsKey("note")) {
      card.removeProperties(Note.class);
      if (text(fields.get("note")) != null) {
        card.addNote(text(fields.get("note")));
      }
    }
    if (card.getFormattedName() == null || blankToNull(card.getFormattedName().getValue()) == null) {
      // FN is required: derive it from the name parts when the caller gave none.
      StructuredName name = card.getStructuredName();
      String derived = name == null ? null : blankToNull(String.join(" ",
          java.util.stream.Stream.of(name.getGiven(), name.getFamily()).filter(Objects::nonNull).toList()).strip());
      card.setFormattedName(derived == null ? "" : derived);
    }
    card.setRevision(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static @Nullable VCard parse(String body) {
    try {
      return Ezvcard.parse(body).first();
    } catch (RuntimeException e) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, 0, "The server holds a vCard that cannot be read ("
          + e.getMessage() + "). Repair or remove it in a contacts client.", null, e);
    }
  }

  private static Map<String, Object> entry(@Nullable String value, Optional<String> type) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("value", value);
    type.ifPresent(t -> entry.put("type", t.toLowerCase(java.util.Locale.ROOT)));
    return entry;
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : blankToNull(String.valueOf(value));
  }

  private static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text;
  }
}

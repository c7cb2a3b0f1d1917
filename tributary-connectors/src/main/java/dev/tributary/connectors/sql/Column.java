package dev.tributary.connectors.sql;

import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One column of a table or view, as the database describes it, and the JSON Schema of its field.
 *
 * @param generated an identity, auto-increment, serial or generated column: the database writes it
 * @param required NOT NULL without a default: a create must give it
 */
record Column(String name, Kind kind, @Nullable Kind elementKind, String typeName, int size, boolean generated,
    boolean required) {

  /** How values of a column travel as JSON. */
  enum Kind { INTEGER, NUMBER, BOOLEAN, STRING, UUID, DATE, DATE_TIME, DATE_TIME_TZ, TIME, JSON, ARRAY, BINARY }

  /** The kind of a column from its JDBC type and database type name. */
  static Kind kindOf(int jdbcType, String typeName) {
    String type = typeName.toLowerCase(Locale.ROOT);
    if (type.equals("json") || type.equals("jsonb")) {
      return Kind.JSON;
    }
    if (type.equals("uuid")) {
      return Kind.UUID;
    }
    if (type.equals("timestamptz")) {
      return Kind.DATE_TIME_TZ;
    }
    return switch (jdbcType) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Kind.INTEGER;
      case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> Kind.NUMBER;
      case Types.BOOLEAN -> Kind.BOOLEAN;
      case Types.BIT -> type.startsWith("varbit") ? Kind.STRING : Kind.BOOLEAN;
      case Types.DATE -> Kind.DATE;
      case Types.TIMESTAMP -> Kind.DATE_TIME;
      case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.DATE_TIME_TZ;
      case Types.TIME, Types.TIME_WITH_TIMEZONE -> Kind.TIME;
      case Types.ARRAY -> Kind.ARRAY;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BINARY;
      default -> Kind.STRING;
    };
  }

  /** The kind of a PostgreSQL array's elements from the array's type name ({@code _int4}, {@code _text}…). */
  static Kind elementKindOf(String arrayTypeName) {
    return switch (elementTypeName(arrayTypeName)) {
      case "int2", "int4", "int8" -> Kind.INTEGER;
      case "float4", "float8", "numeric" -> Kind.NUMBER;
      case "bool" -> Kind.BOOLEAN;
      default -> Kind.STRING;
    };
  }

  static String elementTypeName(String arrayTypeName) {
    return arrayTypeName.startsWith("_") ? arrayTypeName.substring(1) : arrayTypeName;
  }

  /** Text columns are what {@code search} looks in. */
  boolean isText() {
    return kind == Kind.STRING && !typeName.toLowerCase(Locale.ROOT).matches("bit|varbit|time.*|interval|inet|cidr|macaddr.*");
  }

  /** Columns that equality filters and match may name (not JSON, arrays or binary data). */
  boolean isComparable() {
    return kind != Kind.JSON && kind != Kind.ARRAY && kind != Kind.BINARY;
  }

  /** The field's JSON Schema. */
  Map<String, Object> schema(boolean readOnly) {
    Map<String, Object> schema = new LinkedHashMap<>(schemaOf(kind));
    if (kind == Kind.ARRAY) {
      schema.put("items", schemaOf(elementKind == null ? Kind.STRING : elementKind));
    }
    if (kind == Kind.STRING && size > 0 && size <= 65_535 && typeName.toLowerCase(Locale.ROOT).matches(".*(char|text).*")) {
      schema.put("maxLength", size);
    }
    schema.put("title", name);
    schema.put("x-sql-type", typeName);
    if (readOnly || generated) {
      schema.put("readOnly", true);
    }
    return schema;
  }

  private static Map<String, Object> schemaOf(Kind kind) {
    return switch (kind) {
      case INTEGER -> Map.of("type", "integer");
      case NUMBER -> Map.of("type", "number");
      case BOOLEAN -> Map.of("type", "boolean");
      case UUID -> Map.of("type", "string", "format", "uuid");
      case DATE -> Map.of("type", "string", "format", "date");
      case DATE_TIME, DATE_TIME_TZ -> Map.of("type", "string", "format", "date-time");
      case TIME -> Map.of("type", "string", "format", "time");
      case JSON -> Map.of("type", "object");
      case ARRAY -> Map.of("type", "array");
      case BINARY -> Map.of("type", "string", "contentEncoding", "base64");
      case STRING -> Map.of("type", "string");
    };
  }
}

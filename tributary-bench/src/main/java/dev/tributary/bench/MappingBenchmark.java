package dev.tributary.bench;

import dev.tributary.connector.Connector;
import dev.tributary.engine.connector.DeclarativeConnectorLoader;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.formula.Template;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.udm.UdmCatalogue;
import dev.tributary.engine.udm.UdmConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A typical 20-field mapping, app record → collection fields (the formula engine, as a declarative
 * connector's {@code record-from-api.yaml} runs it) and collection fields → the {@code contacts}
 * Universal Data Model (the UdmConverter), each against copying the same fields by hand: the
 * fastest either could be.
 *
 * <pre>java -jar tributary-bench.jar MappingBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MappingBenchmark {

  Map<String, Object> appRecord;
  Map<String, Object> fieldsTemplate;
  Template compiledFieldsTemplate;
  Map<String, Object> fields;
  UdmConverter udm;
  UdmConverter.Route route;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    appRecord = (Map<String, Object>) ((List<Object>) Json.readObject(new PagedSource.Dataset(1).page(0, 1)).get("items")).getFirst();
    try {
      Path folder = BenchEngine.connectorFolder(Files.createTempDirectory("tributary-bench-mapping")).resolve(BenchEngine.CONNECTOR);
      try (InputStream in = Files.newInputStream(folder.resolve("data/contacts/record-from-api.yaml"))) {
        fieldsTemplate = (Map<String, Object>) ((Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in))
            .get("fields");
      }
      Connector connector = new DeclarativeConnectorLoader(Formulas::evaluate).load(folder);
      udm = new UdmConverter(UdmCatalogue.builtIn());
      route = udm.requireRoute(connector, "contacts", BenchEngine.COLLECTION, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    compiledFieldsTemplate = Template.compile(fieldsTemplate);
    fields = formulaFields();
  }

  /** The record-from-api mapping compiled once, as a declarative connector runs it for every record it reads. */
  @Benchmark
  @SuppressWarnings("unchecked")
  public Map<String, Object> templateFields() {
    return (Map<String, Object>) compiledFieldsTemplate.evaluate(appRecord);
  }

  /** The same mapping through the formula engine's general walk (Formulas.evaluate, not compiled). */
  @Benchmark
  @SuppressWarnings("unchecked")
  public Map<String, Object> formulaFields() {
    return (Map<String, Object>) Formulas.evaluate(fieldsTemplate, appRecord);
  }

  /** The same 20 fields, copied by hand. */
  @Benchmark
  public Map<String, Object> handCopiedFields() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", appRecord.get("id"));
    out.put("firstName", appRecord.get("first_name"));
    out.put("lastName", appRecord.get("last_name"));
    out.put("email", appRecord.get("email"));
    out.put("phone", appRecord.get("phone"));
    Map<?, ?> company = (Map<?, ?>) appRecord.get("company");
    out.put("companyName", company.get("name"));
    out.put("companyId", company.get("id"));
    out.put("jobTitle", appRecord.get("job_title"));
    out.put("stage", appRecord.get("stage"));
    out.put("source", appRecord.get("source"));
    out.put("ownerId", appRecord.get("owner_id"));
    out.put("score", appRecord.get("score"));
    out.put("active", appRecord.get("active"));
    out.put("tags", appRecord.get("tags"));
    out.put("createdAt", appRecord.get("created_at"));
    out.put("updatedAt", appRecord.get("updated_at"));
    Map<?, ?> address = (Map<?, ?>) appRecord.get("address");
    Map<String, Object> outAddress = new LinkedHashMap<>();
    outAddress.put("street", address.get("street"));
    outAddress.put("city", address.get("city"));
    outAddress.put("zip", address.get("zip"));
    outAddress.put("country", address.get("country"));
    out.put("address", outAddress);
    return out;
  }

  /** Collection fields → unified fields of {@code contacts}, with the model's field fallbacks. */
  @Benchmark
  public Map<String, Object> udmUnifiedFields() {
    return udm.toUnified(route, fields);
  }

  /** The same unified fields, copied by hand (with the fallbacks that apply here: fullName, emails, phones, addresses, primaryAddress.full). */
  @Benchmark
  public Map<String, Object> handCopiedUnifiedFields() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("firstName", fields.get("firstName"));
    out.put("lastName", fields.get("lastName"));
    out.put("primaryEmail", fields.get("email"));
    out.put("primaryPhone", fields.get("phone"));
    Map<?, ?> address = (Map<?, ?>) fields.get("address");
    Map<String, Object> primaryAddress = new LinkedHashMap<>();
    primaryAddress.put("street", address.get("street"));
    primaryAddress.put("city", address.get("city"));
    primaryAddress.put("zip", address.get("zip"));
    primaryAddress.put("country", address.get("country"));
    out.put("primaryAddress", primaryAddress);
    out.put("stage", fields.get("stage"));
    out.put("companyName", fields.get("companyName"));
    out.put("companyId", fields.get("companyId"));
    out.put("ownerId", fields.get("ownerId"));
    out.put("jobTitle", fields.get("jobTitle"));
    out.put("source", fields.get("source"));
    out.put("fullName", fields.get("firstName") + " " + fields.get("lastName"));
    out.put("emails", List.of(Map.of("value", fields.get("email"))));
    out.put("phones", List.of(Map.of("value", fields.get("phone"))));
    out.put("addresses", List.of(new LinkedHashMap<>(primaryAddress)));
    primaryAddress.put("full", address.get("street") + ", " + address.get("city") + ", " + address.get("zip") + ", "
        + address.get("country"));
    return out;
  }
}

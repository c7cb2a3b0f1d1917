package dev.tributary.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class VendorSpecsTest {

  @Test
  void defaultDirectoryIsSharedVendorSpecsBesideTheRepositoryRootFoundFromAModule(@TempDir Path work) throws Exception {
    Path repository = Files.createDirectories(work.resolve("wt"));
    Files.writeString(repository.resolve("mvnw"), "");
    Path module = Files.createDirectories(repository.resolve("tributary-testkit"));

    var specs = VendorSpecs.fromEnvironment(Map.of(), module);

    assertThat(specs.directory()).contains(work.resolve("shared/vendor-specs"));
  }

  @Test
  void environmentVariableWinsOverTheDefault(@TempDir Path work) {
    var specs = VendorSpecs.fromEnvironment(Map.of("TRIBUTARY_VENDOR_SPECS", "/opt/specs"), work);

    assertThat(specs.directory()).contains(Path.of("/opt/specs"));
  }

  @Test
  void missingDescriptionOutsideCiSkipsTheTestWithTheReason(@TempDir Path work) {
    var specs = VendorSpecs.fromEnvironment(Map.of("TRIBUTARY_VENDOR_SPECS", work.toString()), work);

    assertThatThrownBy(() -> specs.spec("jira"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("The jira API description is not available: " + work.resolve("jira/swagger-v3.v3.json")
            + " does not exist (TRIBUTARY_VENDOR_SPECS=" + work + "). Set TRIBUTARY_VENDOR_SPECS to the directory that"
            + " holds the vendor descriptions (see shared/vendor-specs/SOURCES.md). Skipping: fixtures cannot be"
            + " validated without it.");
  }

  @Test
  void missingDirectoryUnderCiFailsTheTest(@TempDir Path work) {
    Path missing = work.resolve("nowhere");
    var specs = VendorSpecs.fromEnvironment(Map.of("CI", "true", "TRIBUTARY_VENDOR_SPECS", missing.toString()), work);

    assertThatThrownBy(() -> specs.spec("github"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("The github API description is not available: " + missing + " does not exist (TRIBUTARY_VENDOR_SPECS="
            + missing + "). Set TRIBUTARY_VENDOR_SPECS to the directory that holds the vendor descriptions (see"
            + " shared/vendor-specs/SOURCES.md). Under CI=true this is a failure, not a skip.");
  }

  @Test
  void noRepositoryRootMeansNoDirectoryAndSaysWhy(@TempDir Path work) {
    var specs = VendorSpecs.fromEnvironment(Map.of("CI", "true"), work);

    assertThat(specs.directory()).isEmpty();
    assertThatThrownBy(() -> specs.spec("jira"))
        .hasMessageStartingWith("The jira API description is not available: no vendor-specs directory was found"
            + " (no directory holding mvnw above " + work + ").");
  }

  @Test
  void unknownVendorListsTheKnownOnes() {
    assertThatThrownBy(() -> VendorSpecs.fromEnvironment().spec("jria"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown vendor \"jria\". Known vendors: asana, clickup, clickup-v3, github, jira, microsoft-graph,"
            + " notion, pipedrive-v1, pipedrive-v2, slack, stripe, trello, or a supplement on the classpath at"
            + " vendor-spec-supplements/<vendor>.yaml. Add the description file to VendorSpecs to support another.");
  }

  @Test
  void aSupplementOnTheClasspathIsLoadedAsTheVendorItNames() {
    VendorSpec supplement = VendorSpecs.fromEnvironment().spec("example-supplement");

    assertThat(supplement.vendor()).isEqualTo("example-supplement");
    assertThat(supplement.basePath()).isEqualTo("/api");
    assertThat(supplement.file()).hasFileName("example-supplement.yaml");
  }
}

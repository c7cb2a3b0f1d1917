package dev.tributary.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point one way: server → engine → connector API; the store knows no feature. */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("dev.tributary");

  @Test
  void engineDoesNotDependOnTheServer() {
    noClasses().that().resideInAPackage("dev.tributary.engine..")
        .should().dependOnClassesThat().resideInAPackage("dev.tributary.server..")
        .check(CLASSES);
  }

  @Test
  void connectorApiDependsOnNeitherEngineNorServer() {
    noClasses().that().resideInAnyPackage("dev.tributary.connector..", "dev.tributary.error..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tributary.engine..", "dev.tributary.server..")
        .check(CLASSES);
  }

  @Test
  void storeImportsNoFeature() {
    noClasses().that().resideInAPackage("dev.tributary.engine.store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.tributary.engine.workspace..", "dev.tributary.engine.crypto..", "dev.tributary.engine.datasource..",
            "dev.tributary.engine.connector..", "dev.tributary.engine.events..", "dev.tributary.engine.mapping..")
        .check(CLASSES);
  }

  @Test
  void onlyTheFacadeSeesEveryFeature() {
    noClasses().that().resideInAPackage("dev.tributary.engine.crypto..")
        .should().dependOnClassesThat().resideInAPackage("dev.tributary.engine.workspace..")
        .check(CLASSES);
  }
}

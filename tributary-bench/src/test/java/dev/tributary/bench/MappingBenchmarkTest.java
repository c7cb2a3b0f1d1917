package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mapping benchmarks compare like with like: each baseline gives exactly what the engine gives. */
class MappingBenchmarkTest {

  @Test
  void theFormulaMappingAndItsHandCopyGiveTheSameFields() {
    MappingBenchmark benchmark = new MappingBenchmark();
    benchmark.setUp();

    assertThat(benchmark.formulaFields()).hasSize(17).isEqualTo(benchmark.handCopiedFields());
    assertThat(benchmark.templateFields()).isEqualTo(benchmark.handCopiedFields());
    assertThat(benchmark.formulaFields().get("address")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).hasSize(4);
  }

  @Test
  void theUdmConversionAndItsHandCopyGiveTheSameUnifiedFields() {
    MappingBenchmark benchmark = new MappingBenchmark();
    benchmark.setUp();

    assertThat(benchmark.udmUnifiedFields()).isEqualTo(benchmark.handCopiedUnifiedFields());
  }
}

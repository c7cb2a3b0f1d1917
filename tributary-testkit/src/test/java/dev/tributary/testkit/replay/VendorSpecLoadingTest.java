package dev.tributary.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every description the testkit knows loads with its repairs, so a refreshed vendor file whose
 * defect is gone (or that has a new one) fails here, naming the vendor, rather than in a connector's
 * test. The load time of each is published to the test report.
 */
class VendorSpecLoadingTest {

  static Iterable<String> vendors() {
    return VendorSpecs.vendors();
  }

  @ParameterizedTest
  @MethodSource("vendors")
  void everyKnownVendorDescriptionLoads(String vendor, TestReporter reporter) {
    VendorSpec spec = VendorSpecs.fromEnvironment().spec(vendor);

    reporter.publishEntry(vendor, spec.loadTime().toMillis() + " ms, repairs: " + spec.repairs());
    assertThat(spec.vendor()).isEqualTo(vendor);
    assertThat(spec.basePath()).doesNotEndWith("/");
  }
}

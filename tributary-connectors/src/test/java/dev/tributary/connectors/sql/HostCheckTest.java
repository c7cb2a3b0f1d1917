package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.AddressPolicy;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The addresses {@link AddressPolicy} counts as the server's own network, which the SQL host check refuses. */
class HostCheckTest {

  @Test
  void loopbackPrivateSharedAndUniqueLocalAddressesAreLocal() throws Exception {
    for (String address : new String[] {"127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.0.1", "169.254.1.1", "100.64.0.1",
        "0.0.0.0", "::1", "fd00::1", "fe80::1"}) {
      assertThat(AddressPolicy.isInternal(InetAddress.getByName(address))).as(address).isTrue();
    }
  }

  @Test
  void publicAddressesAreNotLocal() throws Exception {
    for (String address : new String[] {"93.184.216.34", "100.128.0.1", "2606:4700::1"}) {
      assertThat(AddressPolicy.isInternal(InetAddress.getByName(address))).as(address).isFalse();
    }
  }
}

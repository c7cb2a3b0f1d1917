package dev.tributary.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdapFiltersTest {

  @Test
  void equalityValuesAreLiteralsWithRfc4515Escapes() {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("title", "*)(uid=*");
    filter.put("email", "a\\b\u0000c");
    assertThat(LdapFilters.and(LdapFilters.ofClass("inetOrgPerson"), LdapFilters.equalities(filter, UserMapping.ATTRIBUTES)))
        .hasToString("(&(objectClass=inetOrgPerson)(title=\\2a\\29\\28uid=\\2a)(mail=a\\5cb\\00c))");
  }

  @Test
  void searchTextIsOneSubstringAssertionPerAttribute() {
    assertThat(LdapFilters.containing("a*(b)", List.of("cn", "mail")))
        .singleElement().hasToString("(|(cn=*a\\2a\\28b\\29*)(mail=*a\\2a\\28b\\29*))");
    assertThat(LdapFilters.containing("  ", List.of("cn"))).isEmpty();
  }

  @Test
  void aNullValueMatchesEntriesWithoutTheAttribute() {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("phone", null);
    assertThat(LdapFilters.equalities(filter, UserMapping.ATTRIBUTES)).singleElement().hasToString("(!(telephoneNumber=*))");
  }

  @Test
  void anUnmappedFieldOrAStructuredValueIsRefusedByName() {
    assertThatThrownBy(() -> LdapFilters.equalities(Map.of("shoeSize", "9"), Map.of("name", "cn")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("\"shoeSize\" cannot be compared in the directory. Fields that can: name.");
    assertThatThrownBy(() -> LdapFilters.equalities(Map.of("name", List.of("a")), Map.of("name", "cn")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("\"name\" must be compared with a text value, not [a].");
  }
}

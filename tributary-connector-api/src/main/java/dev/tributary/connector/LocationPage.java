package dev.tributary.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a directory: {@code {locations, cursor?}}; no cursor on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationPage(List<LocationPointer> locations, @Nullable String cursor) {
  public LocationPage {
    locations = List.copyOf(locations);
  }
}

package dev.editstream.producers.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  private static EnrichItem item(String prompt, Map<String, Float> weights) {
    return new EnrichItem(
        1, null, null, null, "a red circle", "replace", prompt, null, null, weights, null, null);
  }

  @Test
  void theSameImageAndEditGiveTheSameIdWhateverTheRowsLineOrWeightOrder() {
    Map<String, Float> ab = new LinkedHashMap<>();
    ab.put("a", 1f);
    ab.put("b", 2f);
    Map<String, Float> ba = new LinkedHashMap<>();
    ba.put("b", 2f);
    ba.put("a", 1f);
    byte[] image = {1, 2, 3};
    String one = RequestIds.derive(image, item("a green circle", ab), "shapes32", null);
    String two = RequestIds.derive(image.clone(), item("a green circle", ba), "shapes32", null);
    assertThat(one).isEqualTo(two).startsWith("enrich-").hasSize("enrich-".length() + 24);
  }

  @Test
  void anotherImageEditOrBundleGivesAnotherId() {
    byte[] image = {1, 2, 3};
    String base = RequestIds.derive(image, item("a green circle", null), "shapes32", null);
    assertThat(
            RequestIds.derive(new byte[] {1, 2, 4}, item("a green circle", null), "shapes32", null))
        .isNotEqualTo(base);
    assertThat(RequestIds.derive(image, item("a blue circle", null), "shapes32", null))
        .isNotEqualTo(base);
    assertThat(RequestIds.derive(image, item("a green circle", null), "shapes32", "2"))
        .isNotEqualTo(base);
  }
}

package io.missrec.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.activities.lineage.ModelStage;
import org.junit.jupiter.api.Test;

class ModelSelectorTest {

  @Test
  void aVersionOrAStage() {
    assertThat(ModelSelector.parse("sci:3")).isEqualTo(new ModelSelector("sci", 3L, null));
    assertThat(ModelSelector.parse("team:sci@production"))
        .isEqualTo(new ModelSelector("team:sci", null, ModelStage.PRODUCTION));
    assertThat(ModelSelector.parse("sci@Candidate").stage()).isEqualTo(ModelStage.CANDIDATE);
    assertThat(ModelSelector.parse("sci@production")).hasToString("sci@production");
    assertThat(ModelSelector.parse("sci:3")).hasToString("sci:3");
  }

  @Test
  void badSelectorsAreNamed() {
    assertThatThrownBy(() -> ModelSelector.parse("sci"))
        .hasMessageContaining("name:version")
        .hasMessageContaining("name@stage");
    assertThatThrownBy(() -> ModelSelector.parse("@production")).hasMessageContaining("no name");
    assertThatThrownBy(() -> ModelSelector.parse("sci@live"))
        .hasMessageContaining("'live' is not a stage");
    assertThatThrownBy(() -> ModelSelector.parse("sci@none"))
        .hasMessageContaining("serve a production or candidate version");
  }
}

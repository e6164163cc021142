package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLayoutTest {

  // 4 items: text missing for item 2, image missing for items 0 and 3.
  private static final TokenLayout LAYOUT =
      TokenLayout.of(
          List.of("text", "image"),
          List.of(
              new boolean[] {false, false, true, false}, new boolean[] {true, false, false, true}));

  @Test
  void tokensAreModalityMajorWithPresentItemsInOrder() {
    assertThat(LAYOUT.numTokens()).isEqualTo(5);
    assertThat(LAYOUT.tokenItems()).containsExactly(0, 1, 3, 1, 2);
    assertThat(LAYOUT.token(0, 0)).isEqualTo(0);
    assertThat(LAYOUT.token(0, 3)).isEqualTo(2);
    assertThat(LAYOUT.token(0, 2)).isEqualTo(-1);
    assertThat(LAYOUT.token(1, 0)).isEqualTo(-1);
    assertThat(LAYOUT.token(1, 1)).isEqualTo(3);
    assertThat(LAYOUT.token(1, 2)).isEqualTo(4);
    assertThat(LAYOUT.item(4)).isEqualTo(2);
    assertThat(LAYOUT.modality(2)).isEqualTo(0);
    assertThat(LAYOUT.modality(3)).isEqualTo(1);
    assertThat(LAYOUT.presentItems(1)).containsExactly(1, 2);
    assertThat(LAYOUT.firstToken(1)).isEqualTo(3);
    assertThat(LAYOUT.modalityIndex("image")).isEqualTo(1);
    for (int token = 0; token < LAYOUT.numTokens(); token++) {
      assertThat(LAYOUT.token(LAYOUT.modality(token), LAYOUT.item(token))).isEqualTo(token);
    }
  }

  @Test
  void stackGathersPresentRowsInTokenOrder() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray text = manager.create(new float[] {0, 0, 1, 1, 2, 2, 3, 3}, new Shape(4, 2));
      NDArray image = manager.create(new float[] {10, 10, 11, 11, 12, 12, 13, 13}, new Shape(4, 2));

      NDArray tokens = TokenMatrix.stack(LAYOUT, List.of(text, image));

      assertThat(tokens.getShape()).isEqualTo(new Shape(5, 2));
      assertThat(tokens.toFloatArray()).containsExactly(0, 0, 1, 1, 3, 3, 11, 11, 12, 12);
    }
  }

  @Test
  void rejectsInconsistentMasks() {
    assertThatThrownBy(
            () -> TokenLayout.of(List.of("text", "image"), List.of(new boolean[3], new boolean[4])))
        .hasMessageContaining("'image' has 4 items, expected 3");
    assertThatThrownBy(
            () -> TokenLayout.of(List.of("text", "text"), List.of(new boolean[1], new boolean[1])))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> LAYOUT.modalityIndex("audio")).hasMessageContaining("'audio'");
  }
}

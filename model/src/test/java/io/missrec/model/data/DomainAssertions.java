package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Field-by-field domain equality (AssertJ's recursive comparison takes minutes on splits). */
final class DomainAssertions {

  private DomainAssertions() {}

  static void assertSameDomain(Domain actual, Domain expected) {
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.itemIds()).isEqualTo(expected.itemIds());
    assertThat(actual.itemTexts()).isEqualTo(expected.itemTexts());
    assertThat(actual.userIds()).isEqualTo(expected.userIds());
    assertThat(actual.features().keySet()).containsExactlyElementsOf(expected.features().keySet());
    for (FeatureTable e : expected.features().values()) {
      FeatureTable a = actual.features().get(e.modality());
      assertThat(a.dim()).as(e.modality()).isEqualTo(e.dim());
      assertThat(a.numItems()).as(e.modality()).isEqualTo(e.numItems());
      assertThat(a.values()).as(e.modality()).isEqualTo(e.values());
      assertThat(a.missing()).as(e.modality()).isEqualTo(e.missing());
    }
    assertSameExamples("train", actual.splits().train(), expected.splits().train());
    assertSameExamples("valid", actual.splits().valid(), expected.splits().valid());
    assertSameExamples("test", actual.splits().test(), expected.splits().test());
  }

  private static void assertSameExamples(
      String split, List<UserSequence> actual, List<UserSequence> expected) {
    assertThat(actual).as(split).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      UserSequence a = actual.get(i);
      UserSequence e = expected.get(i);
      if (a.user() != e.user()
          || a.target() != e.target()
          || !java.util.Arrays.equals(a.history(), e.history())) {
        throw new AssertionError(
            split + " example " + i + " differs: " + describe(a) + " vs expected " + describe(e));
      }
    }
  }

  private static String describe(UserSequence s) {
    return "user " + s.user() + " " + java.util.Arrays.toString(s.history()) + " -> " + s.target();
  }
}

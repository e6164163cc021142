package io.missrec.model.data;

import java.util.List;

/**
 * Leave-one-out splits. {@code train} holds one example per training prefix (the RecBole
 * convention); {@code valid} and {@code test} hold one example per user.
 */
public record Splits(List<UserSequence> train, List<UserSequence> valid, List<UserSequence> test) {

  public Splits {
    train = List.copyOf(train);
    valid = List.copyOf(valid);
    test = List.copyOf(test);
  }
}

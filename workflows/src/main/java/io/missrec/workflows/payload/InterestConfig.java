package io.missrec.workflows.payload;

/**
 * DPC-KNN interest discovery (spec, component 4).
 *
 * @param centreRatio number of interests as a share of the tokens, K_c = ceil(ratio * #tokens)
 *     (0.02 for pre-training, 0.5 for fine-tuning)
 * @param neighbourRatio k of the kNN density as a share of the tokens (0.1)
 */
public record InterestConfig(double centreRatio, double neighbourRatio) {
  public static InterestConfig pretrainDefaults() {
    return new InterestConfig(0.02, 0.1);
  }
}

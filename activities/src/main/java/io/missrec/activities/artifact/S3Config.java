package io.missrec.activities.artifact;

import java.util.Map;
import java.util.Objects;

/**
 * An S3 endpoint and bucket. {@link #toString()} masks both keys so the config can be logged.
 *
 * @param endpoint e.g. {@code http://127.0.0.1:9000}
 */
public record S3Config(
    String endpoint, String region, String accessKey, String secretKey, String bucket) {
  public static final String ENDPOINT_ENV = "MISSREC_S3_ENDPOINT";
  public static final String ACCESS_KEY_ENV = "MISSREC_S3_ACCESS_KEY";
  public static final String SECRET_KEY_ENV = "MISSREC_S3_SECRET_KEY";
  public static final String BUCKET_ENV = "MISSREC_S3_BUCKET";
  public static final String REGION_ENV = "MISSREC_S3_REGION";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_BUCKET = "missrec";

  public S3Config {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(bucket, "bucket");
    region = region == null || region.isBlank() ? DEFAULT_REGION : region;
  }

  /** From {@code MISSREC_S3_*}; endpoint and both keys are required. */
  public static S3Config fromEnv() {
    return fromEnv(System.getenv());
  }

  public static S3Config fromEnv(Map<String, String> env) {
    return new S3Config(
        required(env, ENDPOINT_ENV),
        env.get(REGION_ENV),
        required(env, ACCESS_KEY_ENV),
        required(env, SECRET_KEY_ENV),
        env.getOrDefault(BUCKET_ENV, DEFAULT_BUCKET));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }

  @Override
  public String toString() {
    return "S3Config[endpoint="
        + endpoint
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", accessKey=***, secretKey=***]";
  }
}

package io.missrec.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Path HOME = Path.of("/opt/missrec");

  @Test
  void emptyEnvironmentLeavesEveryServiceToTheEmbeddedStack() {
    Settings s = Settings.fromEnv(Map.of(), HOME);

    assertThat(s.temporalAddress()).isNull();
    assertThat(s.s3()).isNull();
    assertThat(s.database()).isNull();
    assertThat(s.mlflowTrackingUri()).isNull();
    assertThat(s.needsEmbedded()).isTrue();
    assertThat(s.temporalNamespace()).isEqualTo("default");
    assertThat(s.dataDir()).isEqualTo(Path.of("/opt/missrec/.missrec"));
    assertThat(s.workDir()).isEqualTo(Path.of("/opt/missrec/.missrec/work"));
    assertThat(s.effectiveStickyTimeout(true)).isEqualTo(Duration.ZERO);
    assertThat(s.effectiveStickyTimeout(false)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void realServicesComeFromTheEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", "temporal.internal:7233");
    env.put("TEMPORAL_NAMESPACE", "ml");
    env.put("MISSREC_S3_ENDPOINT", "https://minio.internal:9000");
    env.put("MISSREC_S3_ACCESS_KEY", "AKIA-very-secret");
    env.put("MISSREC_S3_SECRET_KEY", "s3cr3t-value");
    env.put("MISSREC_S3_BUCKET", "models");
    env.put("MISSREC_JDBC_URL", "jdbc:postgresql://db.internal/lineage");
    env.put("MISSREC_JDBC_USER", "missrec");
    env.put("MISSREC_JDBC_PASSWORD", "pg-pass-word");
    env.put("MLFLOW_TRACKING_URI", "http://mlflow.internal:5000");
    env.put("MISSREC_STICKY_TIMEOUT", "250ms");
    env.put("MISSREC_TRAINING_HEARTBEAT_TIMEOUT", "PT20S");
    env.put("MISSREC_DATA", "/data/missrec");

    Settings s = Settings.fromEnv(env, HOME);

    assertThat(s.needsEmbedded()).isFalse();
    assertThat(s.temporalAddress()).isEqualTo("temporal.internal:7233");
    assertThat(s.temporalNamespace()).isEqualTo("ml");
    assertThat(s.s3().endpoint()).isEqualTo("https://minio.internal:9000");
    assertThat(s.s3().bucket()).isEqualTo("models");
    assertThat(s.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/lineage");
    assertThat(s.database().user()).isEqualTo("missrec");
    assertThat(s.database().password()).isEqualTo("pg-pass-word");
    assertThat(s.mlflowTrackingUri()).isEqualTo("http://mlflow.internal:5000");
    assertThat(s.stickyQueueTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.effectiveStickyTimeout(true)).isEqualTo(Duration.ofMillis(250));
    assertThat(s.trainingHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.dataDir()).isEqualTo(Path.of("/data/missrec"));

    // Round trip through a child process's environment.
    assertThat(Settings.fromEnv(s.toEnv(), Path.of("/elsewhere"))).isEqualTo(s);
  }

  @Test
  void credentialsNeverAppearInTextForPeople() {
    Map<String, String> env = new HashMap<>();
    env.put("MISSREC_S3_ENDPOINT", "https://minio.internal:9000");
    env.put("MISSREC_S3_ACCESS_KEY", "AKIA-very-secret");
    env.put("MISSREC_S3_SECRET_KEY", "s3cr3t-value");
    env.put("MISSREC_JDBC_URL", "jdbc:postgresql://db/lineage?user=x&password=url-secret");
    env.put("MISSREC_JDBC_PASSWORD", "pg-pass-word");
    env.put("MLFLOW_TRACKING_URI", "https://bob:token-secret@mlflow.internal");

    Settings s = Settings.fromEnv(env, HOME);

    for (String text : new String[] {s.toString(), s.describe()}) {
      assertThat(text)
          .doesNotContain(
              "AKIA-very-secret", "s3cr3t-value", "pg-pass-word", "url-secret", "token-secret")
          .contains("minio.internal", "db/lineage", "mlflow.internal");
    }
  }

  @Test
  void incompleteOrMalformedSettingsNameTheVariable() {
    assertThatThrownBy(
            () -> Settings.fromEnv(Map.of("MISSREC_S3_ENDPOINT", "http://127.0.0.1:9000"), HOME))
        .hasMessageContaining("MISSREC_S3_ACCESS_KEY");
    assertThatThrownBy(() -> Settings.fromEnv(Map.of("MISSREC_STICKY_TIMEOUT", "soon"), HOME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MISSREC_STICKY_TIMEOUT=soon");
  }

  @Test
  void durationsInShortAndIsoForms() {
    assertThat(Durations.parse("x", "0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("x", "15")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("x", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("x", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("x", "pt1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> Durations.parse("x", "-PT1S")).hasMessageContaining("negative");
  }
}

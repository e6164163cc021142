package io.missrec.activities.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRendererTest {

  private static RunReport report() {
    Map<String, Map<String, Double>> finals = new LinkedHashMap<>();
    finals.put("valid, best epoch 2", Map.of("NDCG@10", 0.2345, "Recall@10", 0.4321));
    finals.put("test", Map.of("NDCG@10", 0.1987, "Recall@10", 0.3876));
    return new RunReport(
        "fine-tune:synth-c \u2014 wf-1",
        Map.of("workflow", "wf-1", "activity", "fine-tune:synth-c"),
        Map.of("lr", "0.001", "note", "<b>&"),
        List.of(
            new EpochPoint(1, 5.4321, Map.of("NDCG@10", 0.1111, "Recall@10", 0.2222)),
            new EpochPoint(2, 4.9876, Map.of("NDCG@10", 0.2345, "Recall@10", 0.4321)),
            new EpochPoint(3, 4.5555, Map.of("NDCG@10", 0.2001))),
        finals);
  }

  @Test
  void htmlShowsEveryEpochAndFinalValueEscaped() {
    String html = new String(ReportRenderer.render(report()).html(), StandardCharsets.UTF_8);
    assertThat(html)
        .contains("5.4321", "4.9876", "4.5555", "0.1111", "0.2345", "0.2001")
        .contains("0.1987", "0.3876", "0.4321")
        .contains("<th>valid, best epoch 2</th><th>test</th>")
        .contains("&lt;b&gt;&amp;")
        .doesNotContain("<b>&");
    // Recall@10 of epoch 3 is missing: shown as a dash, not as a number
    assertThat(html).contains("<td class=\"num\">0.2001</td><td class=\"num\">&ndash;</td>");
  }

  @Test
  void chartsArePngsOfTheFixedSizeEmbeddedInTheHtml() throws Exception {
    RenderedReport rendered = ReportRenderer.render(report());
    assertThat(rendered.charts()).containsOnlyKeys("loss.png", "valid-ndcg10.png");
    String html = new String(rendered.html(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int embedded = 0;
    while (m.find()) {
      byte[] png = Base64.getDecoder().decode(m.group(1));
      assertThat(rendered.charts().values()).anySatisfy(c -> assertThat(c).isEqualTo(png));
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image).isNotNull();
      assertThat(image.getWidth()).isEqualTo(640);
      assertThat(image.getHeight()).isEqualTo(360);
      embedded++;
    }
    assertThat(embedded).isEqualTo(2);
    // the loss line is drawn: the chart holds the series colour, not only white and grey
    BufferedImage loss = ImageIO.read(new ByteArrayInputStream(rendered.charts().get("loss.png")));
    boolean line = false;
    for (int y = 0; y < loss.getHeight() && !line; y++) {
      for (int x = 0; x < loss.getWidth() && !line; x++) {
        line = (loss.getRGB(x, y) & 0xFFFFFF) == 0x1F77B4;
      }
    }
    assertThat(line).as("series colour present in loss.png").isTrue();
  }

  @Test
  void renderingTwiceGivesTheSameBytes() {
    RenderedReport first = ReportRenderer.render(report());
    RenderedReport second = ReportRenderer.render(report());
    assertThat(second.html()).isEqualTo(first.html());
    assertThat(second.charts().get("loss.png")).isEqualTo(first.charts().get("loss.png"));
    // and a different history gives a different page
    RunReport other =
        new RunReport("x", Map.of(), Map.of(), List.of(new EpochPoint(1, 1.0, Map.of())), Map.of());
    assertThat(ReportRenderer.render(other).html()).isNotEqualTo(first.html());
  }

  @Test
  void runWithoutHistorySaysSoAndHasNoCharts() {
    RenderedReport rendered =
        ReportRenderer.render(
            new RunReport(
                "eval", Map.of(), Map.of(), List.of(), Map.of("test", Map.of("NDCG@10", 0.5))));
    assertThat(rendered.charts()).isEmpty();
    assertThat(new String(rendered.html(), StandardCharsets.UTF_8))
        .contains("No per-epoch history")
        .contains("0.5000")
        .doesNotContain("data:image/png");
  }

  @Test
  void writesIndexAndPngsIntoTheFolder(@TempDir Path dir) throws Exception {
    Path index = ReportRenderer.render(report()).writeTo(dir.resolve("out"));
    assertThat(index).isEqualTo(dir.resolve("out/index.html"));
    assertThat(Files.readString(index)).contains("0.2345");
    assertThat(ImageIO.read(dir.resolve("out/valid-ndcg10.png").toFile()).getWidth())
        .isEqualTo(640);
  }

  @Test
  void historyOutOfOrderIsRefused() {
    assertThatThrownBy(
            () ->
                new RunReport(
                    "x",
                    Map.of(),
                    Map.of(),
                    List.of(new EpochPoint(2, 1.0, Map.of()), new EpochPoint(1, 1.0, Map.of())),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascend")
        .hasMessageContaining("2 then 1");
  }

  @Test
  void historyFromLineageMetricsGroupsByEpoch() {
    var metrics =
        List.of(
            new io.missrec.activities.lineage.MetricPoint("test/NDCG@10", 0.3, 0),
            new io.missrec.activities.lineage.MetricPoint("train/loss", 2.0, 1),
            new io.missrec.activities.lineage.MetricPoint("train/loss", 1.5, 2),
            new io.missrec.activities.lineage.MetricPoint("train/seconds", 9.0, 1),
            new io.missrec.activities.lineage.MetricPoint("valid/NDCG@10", 0.1, 1),
            new io.missrec.activities.lineage.MetricPoint("valid/NDCG@10", 0.2, 2));
    assertThat(LineageReports.history(metrics))
        .containsExactly(
            new EpochPoint(1, 2.0, Map.of("NDCG@10", 0.1)),
            new EpochPoint(2, 1.5, Map.of("NDCG@10", 0.2)));
  }
}

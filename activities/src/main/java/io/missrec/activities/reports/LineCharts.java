package io.missrec.activities.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One metric per epoch as a PNG line chart (JFreeChart). Size, fonts, colours and rendering hints
 * are fixed and the PNG carries no metadata, so the same points give the same bytes on the same JDK
 * and fonts.
 */
final class LineCharts {
  static final int WIDTH = 640;
  static final int HEIGHT = 360;

  static {
    // No X server on workers: AWT must come up headless, before any AWT class initialises.
    System.setProperty("java.awt.headless", "true");
  }

  private LineCharts() {}

  /** A PNG of {@code values} against {@code epochs}; NaN values are left out. */
  static byte[] png(String title, String yLabel, int[] epochs, double[] values) {
    XYSeries series = new XYSeries(yLabel, false, true);
    for (int i = 0; i < epochs.length; i++) {
      if (!Double.isNaN(values[i])) {
        series.add(epochs[i], values[i]);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "epoch",
            yLabel,
            new XYSeriesCollection(series),
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    style(chart);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
      chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    } finally {
      g.dispose();
    }
    return encode(image);
  }

  private static void style(JFreeChart chart) {
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    Font labels = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    for (var axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
      axis.setLabelFont(labels);
      axis.setTickLabelFont(labels);
    }
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(0x1F, 0x77, 0xB4));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    plot.setRenderer(renderer);
  }

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a chart as PNG", e);
    }
    return out.toByteArray();
  }
}

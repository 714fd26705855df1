package dev.ember.examples;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Line charts side by side in one PNG, drawn with XChart (as {@code History.plot} draws training curves): the
 * examples' per-layer gradient norms, regularisation curves and fitted functions.
 *
 * <pre>{@code
 * Charts.save(Path.of("target/x/curves.png"),
 *         new Charts.Panel("Validation accuracy", "epoch", "accuracy", false, List.of(Charts.Series.of("none", acc))));
 * }</pre>
 */
public final class Charts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 440;

    private Charts() {}

    /** One line; {@link #of} numbers the points 1, 2, ... (epochs, layers). */
    public record Series(String name, double[] x, double[] y) {
        public static Series of(String name, List<Double> y) {
            double[] xs = new double[y.size()];
            double[] ys = new double[y.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i + 1;
                ys[i] = y.get(i);
            }
            return new Series(name, xs, ys);
        }
    }

    /** One chart; {@code logY} draws the y axis on a log scale (values must be positive). */
    public record Panel(String title, String xTitle, String yTitle, boolean logY, List<Series> series) {}

    public static void save(Path png, Panel... panels) {
        // XChart draws with AWT; without this a machine with no display throws HeadlessException
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH * panels.length, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < panels.length; i++) g.drawImage(BitmapEncoder.getBufferedImage(chart(panels[i])), i * WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        try {
            if (png.getParent() != null) Files.createDirectories(png.getParent());
            if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer in this JVM");
        } catch (IOException e) {
            throw new UncheckedIOException("Charts.save: cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static XYChart chart(Panel panel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(panel.title())
                .xAxisTitle(panel.xTitle()).yAxisTitle(panel.yTitle()).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(panel.logY());
        for (Series s : panel.series()) chart.addSeries(s.name(), s.x(), s.y()).setMarker(s.x().length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        return chart;
    }
}

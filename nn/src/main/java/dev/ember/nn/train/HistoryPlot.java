package dev.ember.nn.train;

import dev.ember.nn.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Draws a {@link History} with XChart: a loss panel and, when accuracy was recorded, an accuracy panel beside it. */
final class HistoryPlot {
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 420;

    private HistoryPlot() {}

    static void write(History history, Path png) throws IOException {
        // XChart draws with AWT; without this a machine with no display (CI) throws HeadlessException.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        List<XYChart> panels = new ArrayList<>();
        XYChart loss = panel(history, "Loss", "loss");
        if (loss == null) throw new IllegalArgumentException("History.plot: nothing to plot, the history has no 'loss' (metrics: " + history.metrics() + ")");
        panels.add(loss);
        XYChart accuracy = panel(history, "Accuracy", "accuracy");
        if (accuracy != null) panels.add(accuracy);

        BufferedImage image = new BufferedImage(PANEL_WIDTH * panels.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < panels.size(); i++) g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), i * PANEL_WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        AtomicFile.write(png, channel -> {
            OutputStream out = Channels.newOutputStream(channel); // not closed here: AtomicFile forces, then closes the channel
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JVM");
            out.flush();
        });
    }

    /** The chart of {@code metric} and {@code val_<metric>}, or null when neither was recorded. */
    private static XYChart panel(History history, String title, String metric) {
        if (!history.has(metric) && !history.has("val_" + metric)) return null;
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        addSeries(chart, history, metric, "train");
        addSeries(chart, history, "val_" + metric, "validation");
        return chart;
    }

    private static void addSeries(XYChart chart, History history, String metric, String label) {
        if (!history.has(metric)) return;
        List<Double> values = history.get(metric);
        double[] x = new double[values.size()];
        double[] y = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = values.get(i);
        }
        chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
}

package io.outdial.e2e.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The bench's PNG: originates/s and calls in flight over time, the bare client beside ours. */
final class Plot {
  private Plot() {}

  static void write(Path png, Series bare, Series ours, Series counted) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(1100)
            .height(600)
            .title("dial bench: originates/s and calls in flight")
            .xAxisTitle("seconds from the first" + " originate")
            .yAxisTitle("originates/s, calls")
            .build();
    chart.getStyler().setMarkerSize(0);
    add(chart, "bare client: originates/s", bare.originatesPerSecond());
    add(chart, "bare client: calls in flight", bare.callsInFlight());
    add(chart, "outdial: originates/s", ours.originatesPerSecond());
    add(chart, "outdial: calls in flight (originated, not hung up)", ours.callsInFlight());
    add(chart, "outdial: calls in flight as the campaign counts them", counted.callsInFlight());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void add(XYChart chart, String name, List<Integer> values) {
    if (values.isEmpty()) {
      return;
    }
    double[] x = IntStream.range(0, values.size()).asDoubleStream().toArray();
    double[] y = values.stream().mapToDouble(Integer::doubleValue).toArray();
    chart.addSeries(name, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
  }
}

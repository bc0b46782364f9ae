package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.TftuneException;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ExportedModel;
import dev.tftune.export.ServeCheck;
import dev.tftune.export.ServingExporter;
import dev.tftune.models.image.ImageDecoding;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image classifier's export takes encoded files in serving_default (decoded in the graph)
 * and gives what the Java path gives on the same file.
 */
class EncodedImagesExportTest {
  private static final int SIZE = TinyImageModel.SIZE;

  @TempDir
  Path tmp;

  @Test
  void aPngThroughServingDefaultMatchesTheJavaPathWithin1e3() throws IOException {
    BufferedImage picture = picture(1, 20);
    float[][] viaJava;
    float[][] viaGraph;
    Path dir = trainAndExport(Scaling.PER_IMAGE_STANDARDIZATION);
    try (ExportedModel export = ExportedModel.load(dir)) {
      assertTrue(export.takesEncodedImages());
      viaJava = export.predict(fitted(picture, Scaling.PER_IMAGE_STANDARDIZATION));
      viaGraph = export.predictEncoded(List.of(encode(picture, "png"), encode(picture, "png")));
    }
    assertEquals(2, viaGraph.length);
    double diff = 0;
    for (int k = 0; k < viaJava[0].length; k++) {
      diff = Math.max(diff, Math.abs(viaJava[0][k] - viaGraph[0][k]));
    }
    System.out.printf("PNG: serving_default vs Java path, max abs diff of probabilities %.2g%n",
        diff);
    for (int k = 0; k < viaJava[0].length; k++) {
      assertEquals(viaJava[0][k], viaGraph[0][k], 1e-3, "class " + k);
      assertEquals(viaGraph[0][k], viaGraph[1][k], 0, "the same file twice in one batch");
    }
  }

  @Test
  void aJpegThroughServingDefaultGetsTheClassOfTheJavaPath() throws IOException {
    BufferedImage picture = picture(2, 24);
    try (ExportedModel export = ExportedModel.load(trainAndExport(Scaling.UNIT))) {
      float[] viaJava = export.predict(fitted(picture, Scaling.UNIT))[0];
      float[] viaGraph = export.predictEncoded(List.of(encode(picture, "jpg")))[0];
      assertEquals(PredictCommand.argMax(viaJava), PredictCommand.argMax(viaGraph));
    }
  }

  /** A tiny image model (channel means as features), a head on it, exported with decoding. */
  private Path trainAndExport(Scaling scaling) {
    return exportWith(scaling, b -> b.warmupImages(randomImages())).directory();
  }

  private ExportResult exportWith(Scaling scaling,
      java.util.function.UnaryOperator<ServingExporter.Builder> options) {
    Path model = TinyImageModel.write(tmp.resolve("model-" + scaling.name()));
    try (BaseModel base = SavedModels.load(model)) {
      ImageDataset data = ImageFitter.fit(randomImages(), new long[] {SIZE, SIZE, 3}, scaling);
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.05f)).epochs(5).build().fit(data);
      ImageDecoding.Decoder decoder = ImageDecoding.build(base.graph(),
          new long[] {SIZE, SIZE, 3}, scaling);
      return options.apply(ServingExporter.builder(tuner)
          .exportBase(tmp.resolve("export-" + scaling.name()))
          .encodedImages(decoder.bytes(), decoder.images()).verifyWith(data)).build().export();
    }
  }

  @Test
  void classifyTakesExamplesWithAnEncodedImageAndEverySignatureWarmsUp() {
    Path dir = trainAndExport(Scaling.UNIT);
    ServeCheck.Report report = ServeCheck.run(dir);
    assertEquals(List.of("classify", "predict_tensor", "serving_default"), report.runs().stream()
        .map(r -> r.signature().key()).sorted().toList());
    ServeCheck.SignatureRun classify = report.runs().stream()
        .filter(r -> r.signature().key().equals("classify")).findFirst().orElseThrow();
    assertTrue(classify.signature().inputs().containsKey("inputs"));
    assertTrue(classify.restBody().contains("\"image/encoded\":[{\"b64\":"),
        classify.restBody());
    assertTrue(report.examplesMaxAbsDiff() <= 1e-5, "classify on image/encoded vs image_bytes: "
        + report.examplesMaxAbsDiff());
  }

  @Test
  void anEncodedImagesExportWithoutWarmupImagesIsRefusedWithTheFix() {
    TftuneException e = assertThrows(TftuneException.class,
        () -> exportWith(Scaling.UNIT, b -> b));
    assertTrue(e.getMessage().contains("warmupImages"), e.getMessage());
    assertEquals(0, exportWith(Scaling.RAW, b -> b.warmupRecords(0)).warmupRecords());
  }

  /** Images whose class is their dominant colour channel. */
  private static RawImages randomImages() {
    Random random = new Random(5);
    int n = 60;
    byte[] pixels = new byte[n * SIZE * SIZE * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int p = 0; p < SIZE * SIZE; p++) {
        for (int c = 0; c < 3; c++) {
          pixels[(i * SIZE * SIZE + p) * 3 + c] =
              (byte) (random.nextInt(100) + (c == labels[i] ? 150 : 0));
        }
      }
    }
    return new RawImages(n, SIZE, SIZE, 3, pixels, labels, List.of("r", "g", "b"));
  }

  /** A picture of another size than the model's, so both paths resize. */
  private static BufferedImage picture(int dominant, int size) {
    return TinyImageModel.picture(dominant, size, 9);
  }

  private static ImageDataset fitted(BufferedImage img, Scaling scaling) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] pixels = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int at = (y * w + x) * 3;
        pixels[at] = (byte) (rgb >> 16);
        pixels[at + 1] = (byte) (rgb >> 8);
        pixels[at + 2] = (byte) rgb;
      }
    }
    RawImages raw = new RawImages(1, h, w, 3, pixels, new int[1], List.of("r", "g", "b"));
    return ImageFitter.fit(raw, new long[] {SIZE, SIZE, 3}, scaling);
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }
}

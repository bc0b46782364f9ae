package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.testing.TinyModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models whose image input is [-1, height, width]: gray pictures without a channel axis. */
class GrayImageCommandLineTest {
  private static final int SIZE = 10;

  @TempDir
  Path tmp;

  @Test
  void aModelWithoutAChannelAxisTrainsExportsEvaluatesAndServesEncodedImages()
      throws IOException {
    Path model = TinyModels.writeGrayImage(tmp.resolve("model"), SIZE);
    Path pictures = pictures(tmp.resolve("pictures"), 12);
    Path export = tmp.resolve("export");

    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", pictures.toString(),
        "--features", "features", "--epochs", "20", "--lr", "0.05", "--export",
        export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("-> [10, 10]"), "fitted to the model's own shape: " + t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        pictures.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("accuracy 1.0000"), e.out());

    Path png = tmp.resolve("new.png");
    ImageIO.write(picture(true, 16, 99), "png", png.toFile());
    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--image",
        png.toString());
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().strip().endsWith("serving_default: light"), p.out());
  }

  /** Classes {@code dark} and {@code light}: noisy gray pictures told apart by brightness. */
  private static Path pictures(Path root, int perClass) throws IOException {
    for (String name : new String[] {"dark", "light"}) {
      Path dir = Files.createDirectories(root.resolve(name));
      for (int i = 0; i < perClass; i++) {
        ImageIO.write(picture(name.equals("light"), 14, i), "png",
            dir.resolve("p" + i + ".png").toFile());
      }
    }
    return root;
  }

  private static BufferedImage picture(boolean light, int size, long seed) {
    Random random = new Random(seed);
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int v = random.nextInt(80) + (light ? 150 : 20);
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    return img;
  }
}

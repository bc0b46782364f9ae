package dev.tftune.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The harness's quick variant runs in CI so it cannot rot. Nothing here asserts a speed: the
 * figures only have to come out, as numbers, for every section that has its inputs.
 */
class QuickBenchTest {

  @Test
  void theQuickVariantPrintsEveryFigureAsANumber() {
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Main.main(new String[] {"--quick", "--fixtures", Fixtures.root().toString()});
    } finally {
      System.setOut(old);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    assertTrue(out.matches("(?s).*fp32 MatMul rate \\(median\\): GFLOP/s\\s+[0-9.]+.*"), out);
    assertTrue(out.matches("(?s).*JPEG 256x256 -> 224x224x3, 2 threads: images/s\\s+[0-9]+.*"),
        out);
    if (java.nio.file.Files.isDirectory(Fixtures.root())) {
      assertTrue(out.matches("(?s).*epoch 2 / epoch 1\\s+[0-9.]+.*"), out);
      assertTrue(out.matches("(?s).*speed-up of per-batch length\\s+[0-9.]+x.*"), out);
      assertTrue(out.matches("(?s).*per-step overhead \\(toolkit - hand-written\\): ms"
          + "\\s+-?[0-9.]+.*"), out);
      assertTrue(out.matches("(?s).*tokenizer / forward\\s+[0-9]+x.*"), out);
      assertTrue(out.matches("(?s).*BERT step: toolkit / hand-written\\s+[0-9.]+.*"), out);
      assertTrue(out.matches("(?s).*top-2 training step / forward pass\\s+[0-9.]+.*"), out);
      assertTrue(out.matches("(?s).*top-2 training step from kept output / forward pass"
          + "\\s+[0-9.]+.*"), out);
      assertTrue(out.matches("(?s).*export / load time\\s+[0-9.]+.*"), out);
      assertTrue(out.matches("(?s).*size ratio\\s+[0-9.]+.*"), out);
    }
  }
}

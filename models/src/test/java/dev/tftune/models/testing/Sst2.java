package dev.tftune.models.testing;

import dev.tftune.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SST-2 from {@code ../shared/fixtures/data/sst2}: TSV with the header {@code label\tcontent},
 * label first. Tests that use it skip when the fixtures are absent.
 */
public final class Sst2 {
  private static List<String> dev;

  private Sst2() {}

  /** The 872 sentences of the dev set, in file order; skips the calling test if absent. */
  public static synchronized List<String> devSentences() {
    if (dev == null) {
      dev = List.copyOf(sentences(Fixtures.require("data/sst2/dev.tsv")));
    }
    return dev;
  }

  private static List<String> sentences(Path tsv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tsv, e);
    }
    if (lines.isEmpty() || !lines.get(0).equals("label\tcontent")) {
      throw new IllegalStateException(tsv + " does not start with the header label\\tcontent");
    }
    List<String> sentences = new ArrayList<>(lines.size() - 1);
    for (String line : lines.subList(1, lines.size())) {
      sentences.add(line.substring(line.indexOf('\t') + 1));
    }
    return sentences;
  }
}

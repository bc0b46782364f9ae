package dev.tftune.bench;

import dev.tftune.export.ExportResult;
import dev.tftune.export.ServingExporter;
import dev.tftune.models.bert.BertModel;
import dev.tftune.savedmodel.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Export of a fine-tuned BERT classifier, as {@code tftune train} writes it: its size against
 * the base SavedModel's (an export holds the inference path only, no optimizer slots), and its
 * time (writing, then the reload check) against the time the base took to load.
 */
final class ExportCost {
  private ExportCost() {}

  /**
   * @param trained a model on {@code bert} with base layers trained (their optimizer slots
   *     must stay out of the export)
   * @param loadSeconds how long loading {@code bert} took
   */
  static void run(Report report, BertModel bert, BertTopTraining.Trained trained,
      double loadSeconds) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("tftune-bench-export-");
      long bare = System.nanoTime();
      ServingExporter.builder(trained.model()).exportBase(tmp.resolve("bare"))
          .verifyWith(trained.data()).warmupRecords(0).build().export();
      double bareSecs = (System.nanoTime() - bare) / 1e9;
      long start = System.nanoTime();
      ExportResult result = ServingExporter.builder(trained.model()).exportBase(tmp)
          .verifyWith(trained.data()).build().export();
      double secs = (System.nanoTime() - start) / 1e9;
      long exported = Folders.size(result.directory());
      long base = Folders.size(bert.base().directory());
      report.figure("BERT classifier export (write + reload check + warm-up records replayed "
          + "by serve-check): s", String.format("%.1f", secs), "");
      report.figure("  the same without warm-up records (no serve-check): s",
          String.format("%.1f", bareSecs), "context");
      report.figure("  base model load (BertModel.load): s", String.format("%.1f", loadSeconds),
          "");
      report.figure("  export / load time", String.format("%.2f", secs / loadSeconds),
          "context");
      report.figure("  export / base SavedModel size", String.format("%.1f MB / %.1f MB",
          exported / 1e6, base / 1e6), "");
      report.figure("  size ratio", String.format("%.4f", (double) exported / base), "<= 1.01");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Folders.delete(tmp);
    }
  }
}

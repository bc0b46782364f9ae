package dev.tftune.cli;

import dev.tftune.models.catalog.Progress;
import java.io.PrintWriter;

/** Progress of downloads and unpacking as one line on the error stream, rewritten in place. */
final class ConsoleProgress implements Progress {
  private static final double MB = 1 << 20;
  private final PrintWriter err;

  ConsoleProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void update(String task, long done, long total) {
    String amount = total > 0
        ? String.format("%,.0f / %,.0f MB (%d%%)", done / MB, total / MB, 100 * done / total)
        : String.format("%,.0f MB", done / MB);
    boolean finished = total > 0 && done >= total;
    err.print("\r" + task + ": " + amount + (finished ? System.lineSeparator() : ""));
    err.flush();
  }
}

package dev.tftune.models.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copying with progress reports, throttled so a listener that prints stays readable. */
final class Streams {
  private static final long REPORT_EVERY_NANOS = 500_000_000L;

  private Streams() {}

  static long copy(InputStream in, OutputStream out, String task, long total, Progress progress)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    long lastReport = System.nanoTime();
    progress.update(task, 0, total);
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
      done += n;
      long now = System.nanoTime();
      if (now - lastReport > REPORT_EVERY_NANOS) {
        progress.update(task, done, total);
        lastReport = now;
      }
    }
    progress.update(task, done, total < 0 ? done : total);
    return done;
  }
}

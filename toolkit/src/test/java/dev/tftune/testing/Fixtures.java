package dev.tftune.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real models and data of {@code ../shared/fixtures}. Present in CI and on developers'
 * machines, absent from a user's clone: tests that need them skip, saying why.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The fixtures folder (system property {@code tftune.fixtures}, else ../shared/fixtures). */
  public static Path root() {
    String configured = System.getProperty("tftune.fixtures");
    return configured != null ? Path.of(configured) : Path.of("..", "shared", "fixtures");
  }

  /** A fixture path; the calling test is skipped when it does not exist. */
  public static Path require(String relative) {
    Path p = root().resolve(relative).normalize();
    assumeTrue(Files.exists(p), "skipped: fixture " + p + " is absent (it ships only with "
        + "the project's shared folder, ../shared/fixtures)");
    return p;
  }
}

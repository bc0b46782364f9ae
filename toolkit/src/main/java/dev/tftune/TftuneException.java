package dev.tftune;

/**
 * Base of every failure a user can cause. The message is one line that names the problem and
 * the fix, so command line tools print it as it is.
 */
public class TftuneException extends RuntimeException {
  private final String fix;

  public TftuneException(String problem, String fix) {
    this(problem, fix, null);
  }

  public TftuneException(String problem, String fix, Throwable cause) {
    super(fix == null || fix.isEmpty() ? problem : problem + " (fix: " + fix + ")", cause);
    this.fix = fix;
  }

  /** The action that resolves the problem, as a short sentence; may be empty. */
  public String fix() {
    return fix;
  }
}

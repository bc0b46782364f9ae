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

  /**
   * The first line of a message (TensorFlow's carry the failing node and its stack below), or
   * an empty string for none.
   */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The action that resolves the problem, as a short sentence; may be empty. */
  public String fix() {
    return fix;
  }
}

package dev.tftune;

import java.util.List;

/**
 * Base of every failure a user can cause. The message is one line that names the problem and
 * the fix, so tools print it as it is. The fix speaks the library's language (API calls and
 * settings); a failure whose fix a front end words its own way (the command line names flags)
 * also carries a {@link #fixKey()} with the values the fix needs.
 */
public class TftuneException extends RuntimeException {
  private final String problem;
  private final String fix;
  private String fixKey;
  private List<Object> fixValues = List.of();

  public TftuneException(String problem, String fix) {
    this(problem, fix, null);
  }

  public TftuneException(String problem, String fix, Throwable cause) {
    super(fix == null || fix.isEmpty() ? problem : problem + " (fix: " + fix + ")", cause);
    this.problem = problem;
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

  /** What went wrong, without the fix. */
  public String problem() {
    return problem;
  }

  /** The action that resolves the problem, as a short sentence; may be empty. */
  public String fix() {
    return fix;
  }

  /**
   * Names the fix for front ends that word it themselves: a stable key (such as
   * {@code "train.batch-size"}) and the values the fix mentions. Returns this exception.
   */
  public TftuneException withFixKey(String key, Object... values) {
    this.fixKey = key;
    this.fixValues = List.of(values);
    return this;
  }

  /** The fix's key, or null when only {@link #fix()} words it. */
  public String fixKey() {
    return fixKey;
  }

  /** The values the keyed fix mentions, in order. */
  public List<Object> fixValues() {
    return fixValues;
  }
}

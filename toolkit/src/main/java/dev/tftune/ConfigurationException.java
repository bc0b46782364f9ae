package dev.tftune;

/**
 * A setting out of its range, refused where it is set (a builder method, a factory), before
 * anything runs: the one type every builder throws, with the range in the fix.
 */
public class ConfigurationException extends TftuneException {
  public ConfigurationException(String problem, String fix) {
    super(problem, fix);
  }
}

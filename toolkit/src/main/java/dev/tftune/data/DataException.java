package dev.tftune.data;

import dev.tftune.TftuneException;

/** Training or evaluation data that cannot be read or does not fit the model. */
public class DataException extends TftuneException {
  public DataException(String problem, String fix) {
    super(problem, fix);
  }

  public DataException(String problem, String fix, Throwable cause) {
    super(problem, fix, cause);
  }
}

package dev.tftune.export;

import dev.tftune.TftuneException;

/** An export that cannot be written, or that does not reload with the same outputs. */
public class ExportException extends TftuneException {
  public ExportException(String problem, String fix) {
    super(problem, fix);
  }

  public ExportException(String problem, String fix, Throwable cause) {
    super(problem, fix, cause);
  }
}

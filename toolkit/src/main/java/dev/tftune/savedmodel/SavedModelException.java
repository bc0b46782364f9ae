package dev.tftune.savedmodel;

import dev.tftune.TftuneException;

/** A SavedModel that cannot be read, or a name that does not exist in it. */
public class SavedModelException extends TftuneException {
  public SavedModelException(String problem, String fix) {
    super(problem, fix);
  }

  public SavedModelException(String problem, String fix, Throwable cause) {
    super(problem, fix, cause);
  }
}

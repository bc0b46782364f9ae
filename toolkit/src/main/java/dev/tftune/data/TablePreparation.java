package dev.tftune.data;

import java.util.Objects;

/**
 * Numbers read from the columns of a table, fed to the model's inputs as they are (scaling
 * numeric features is the head's standardization, or the model's own).
 *
 * @param columns the columns each input came from, and the label column
 */
public record TablePreparation(TableColumns columns) implements InputPreparation {
  public TablePreparation {
    Objects.requireNonNull(columns, "columns");
  }
}

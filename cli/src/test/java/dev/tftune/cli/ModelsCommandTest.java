package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.models.catalog.CatalogModel;
import dev.tftune.models.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

/** {@code tftune models} lists every catalog model with its size, source and licence. */
class ModelsCommandTest {
  @Test
  void everyKnownModelIsListedWithItsSourceAndLicence() {
    Cli.Run r = Cli.run("models");
    assertEquals(0, r.code(), r.err());
    assertEquals(3, ModelCatalog.all().size());
    for (CatalogModel m : ModelCatalog.all()) {
      assertTrue(r.out().contains(m.name()) && r.out().contains(m.coordinates()), r.out());
    }
    assertTrue(r.out().contains("bert-base-multilingual-cased"), r.out());
    assertTrue(r.out().contains("664 MB download"), r.out());
    assertTrue(r.out().contains("licence: MIT"), r.out());
  }
}

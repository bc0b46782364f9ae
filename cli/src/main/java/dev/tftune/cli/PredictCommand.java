package dev.tftune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tftune.data.Dataset;
import dev.tftune.export.ExportedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  @Mixin
  VerboseOption verbose;

  @Spec
  CommandSpec spec;

  @Mixin
  ExportDataOptions options;

  @Option(names = "--image", paramLabel = "FILE",
      description = "an image file to classify (image classifiers); repeatable. With an export "
          + "that takes encoded images, the file also goes through serving_default and its "
          + "class is printed beside")
  List<Path> images = List.of();

  @Option(names = "--text", paramLabel = "TEXT",
      description = "a text to classify (text classifiers); repeatable")
  List<String> texts = List.of();

  @Override
  public Integer call() throws Exception {
    try (ExportedModel exported = options.loadModel()) {
      Dataset dataset;
      List<String> names;
      float[][] served = null;
      if (!images.isEmpty()) {
        dataset = ExportDataOptions.imageFiles(exported, images);
        names = images.stream().map(Path::toString).toList();
        if (exported.takesEncodedImages()) {
          // the same files through serving_default, decoded by TensorFlow as TF Serving would
          List<byte[]> bytes = new ArrayList<>();
          for (Path file : images) {
            bytes.add(Files.readAllBytes(file));
          }
          served = exported.predictEncoded(bytes);
        }
      } else if (!texts.isEmpty()) {
        dataset = ExportDataOptions.texts(exported, texts);
        names = texts;
      } else {
        dataset = options.load(exported, false);
        names = null;
      }
      float[][] p = exported.predict(dataset);
      PrintWriter out = spec.commandLine().getOut();
      if (exported.regression()) {
        printValues(out, exported, p);
        return 0;
      }
      if (exported.multiLabel()) {
        printSets(out, exported, p);
        return 0;
      }
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ArrayNode rows = mapper.createArrayNode();
      for (int i = 0; i < p.length; i++) {
        int best = argMax(p[i]);
        String label = exported.classNames().get(best);
        String servedLabel = served == null ? null
            : exported.classNames().get(argMax(served[i]));
        if (options.json) {
          ObjectNode n = rows.addObject();
          n.put("index", i);
          if (names != null) {
            n.put(images.isEmpty() ? "text" : "file", names.get(i));
          }
          n.put("label", label);
          n.put("probability", p[i][best]);
          if (servedLabel != null) {
            n.put("servingDefaultLabel", servedLabel);
          }
          ArrayNode all = n.putArray("probabilities");
          for (float v : p[i]) {
            all.add(v);
          }
        } else {
          out.printf("%d\t%s\t%.4f%s%s%n", i, label, p[i][best],
              names == null ? "" : "\t" + names.get(i),
              servedLabel == null ? "" : "\tserving_default: " + servedLabel);
        }
      }
      if (options.json) {
        out.println(mapper.writeValueAsString(rows));
      }
      out.flush();
    }
    return 0;
  }

  /** A regression's predicted values, one line (or JSON object) per example. */
  private void printValues(PrintWriter out, ExportedModel exported, float[][] p)
      throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode rows = mapper.createArrayNode();
    for (int i = 0; i < p.length; i++) {
      if (options.json) {
        ObjectNode n = rows.addObject();
        n.put("index", i);
        for (int k = 0; k < p[i].length; k++) {
          n.put(exported.classNames().get(k), p[i][k]);
        }
      } else {
        StringBuilder line = new StringBuilder(String.valueOf(i));
        for (float v : p[i]) {
          line.append('\t').append(String.format("%.6g", v));
        }
        out.println(line);
      }
    }
    if (options.json) {
      out.println(mapper.writeValueAsString(rows));
    }
    out.flush();
  }

  /** A multi-label head's classes above 0.5, one line (or JSON object) per example. */
  private void printSets(PrintWriter out, ExportedModel exported, float[][] p)
      throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode rows = mapper.createArrayNode();
    for (int i = 0; i < p.length; i++) {
      List<String> set = new ArrayList<>();
      for (int c = 0; c < p[i].length; c++) {
        if (p[i][c] > 0.5f) {
          set.add(exported.classNames().get(c));
        }
      }
      if (options.json) {
        ObjectNode n = rows.addObject();
        n.put("index", i);
        ArrayNode labels = n.putArray("labels");
        set.forEach(labels::add);
        ArrayNode all = n.putArray("probabilities");
        for (float v : p[i]) {
          all.add(v);
        }
      } else {
        out.printf("%d\t%s%n", i, String.join("|", set));
      }
    }
    if (options.json) {
      out.println(mapper.writeValueAsString(rows));
    }
    out.flush();
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

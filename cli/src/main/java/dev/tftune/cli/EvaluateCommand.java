package dev.tftune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tftune.data.Dataset;
import dev.tftune.export.ExportedModel;
import dev.tftune.metrics.ClassificationMetrics;
import dev.tftune.metrics.MultiLabelMetrics;
import dev.tftune.metrics.RegressionMetrics;
import dev.tftune.train.Evaluation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Accuracy, loss and per-class counts of an exported model on labelled data "
        + "(MAE, RMSE and R\u00b2 for a regression).")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  VerboseOption verbose;

  @Spec
  CommandSpec spec;

  @Mixin
  ExportDataOptions options;

  @Override
  public Integer call() throws Exception {
    try (ExportedModel exported = options.loadModel()) {
      Dataset dataset = options.load(exported, true);
      if (exported.multiLabel()) {
        float[][] sets = new float[dataset.size()][];
        for (int i = 0; i < sets.length; i++) {
          sets[i] = dataset.targets(i);
        }
        MultiLabelMetrics m = MultiLabelMetrics.of(exported.predict(dataset), sets,
            exported.classNames());
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? toJson(m) : toText(m));
        out.flush();
        return 0;
      }
      if (exported.regression()) {
        float[][] targets = new float[dataset.size()][];
        for (int i = 0; i < targets.length; i++) {
          targets[i] = dataset.targets(i);
        }
        RegressionMetrics m = RegressionMetrics.of(exported.predict(dataset), targets,
            exported.classNames());
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? toJson(m) : toText(m));
        out.flush();
        return 0;
      }
      int[] labels = new int[dataset.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = dataset.label(i);
      }
      Evaluation e = Evaluation.of(exported.predict(dataset), labels, exported.classNames());
      PrintWriter out = spec.commandLine().getOut();
      out.println(options.json ? toJson(e) : toText(e));
      out.flush();
    }
    return 0;
  }

  static String toText(Evaluation e) {
    ClassificationMetrics m = e.metrics();
    StringBuilder s = new StringBuilder(String.format(
        "examples %d%naccuracy %.4f%nloss     %.4f%n%n%-20s %8s %8s %9s %8s %9s %8s%n",
        e.count(), e.accuracy(), e.loss(), "class", "support", "correct", "predicted",
        "recall", "precision", "f1"));
    for (int c = 0; c < e.classNames().size(); c++) {
      long support = e.support(c);
      s.append(String.format("%-20s %8d %8d %9d %8s %9s %8.3f%n", e.classNames().get(c),
          support, e.correct(c), e.predicted(c), support == 0 ? "-"
              : String.format("%.3f", m.recall(c)), e.predicted(c) == 0 ? "-"
              : String.format("%.3f", m.precision(c)), m.f1(c)));
    }
    s.append(String.format("%-20s %8s %8s %9s %8.3f %9.3f %8.3f%n", "macro average", "", "",
        "", m.macroRecall(), m.macroPrecision(), m.macroF1()));
    s.append(String.format("%-20s %8s %8s %9s %8s %9s %8.3f%n", "weighted average", "", "",
        "", "", "", m.weightedF1()));
    if (m.binary()) {
      s.append(String.format("%nroc auc  %.4f (%s against %s)%npr auc   %.4f%n", m.rocAuc(),
          e.classNames().get(1), e.classNames().get(0), m.prAuc()));
    } else if (e.classNames().size() > 2) {
      s.append(String.format("%ntop-2 accuracy %.4f%n", m.topKAccuracy(2)));
    }
    return s.toString().stripTrailing();
  }

  static String toText(MultiLabelMetrics m) {
    StringBuilder s = new StringBuilder(String.format(
        "examples %d%nsubset accuracy %.4f%nhamming loss    %.4f%nmicro f1        %.4f%n"
            + "macro f1        %.4f%n%n%-20s %8s %9s %8s %9s %8s%n", m.count(),
        m.subsetAccuracy(), m.hammingLoss(), m.microF1(), m.macroF1(), "class", "support",
        "predicted", "recall", "precision", "f1"));
    for (int c = 0; c < m.classNames().size(); c++) {
      s.append(String.format("%-20s %8d %9d %8.3f %9.3f %8.3f%n", m.classNames().get(c),
          m.support(c), m.predicted(c), m.recall(c), m.precision(c), m.f1(c)));
    }
    return s.toString().stripTrailing();
  }

  static String toJson(MultiLabelMetrics m) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("count", m.count());
    root.put("subsetAccuracy", m.subsetAccuracy());
    root.put("hammingLoss", m.hammingLoss());
    root.put("microF1", m.microF1());
    root.put("macroF1", m.macroF1());
    ArrayNode classes = root.putArray("perClass");
    for (int c = 0; c < m.classNames().size(); c++) {
      ObjectNode n = classes.addObject();
      n.put("label", m.classNames().get(c));
      n.put("support", m.support(c));
      n.put("predicted", m.predicted(c));
      n.put("precision", m.precision(c));
      n.put("recall", m.recall(c));
      n.put("f1", m.f1(c));
    }
    return json.writeValueAsString(root);
  }

  static String toText(RegressionMetrics m) {
    StringBuilder s = new StringBuilder(String.format(
        "examples %d%nmae      %.4f%nrmse     %.4f%nr2       %.4f%n", m.count(), m.mae(),
        m.rmse(), m.r2()));
    if (m.names().size() > 1) {
      s.append(String.format("%n%-20s %10s %10s %8s%n", "output", "mae", "rmse", "r2"));
      for (int k = 0; k < m.names().size(); k++) {
        s.append(String.format("%-20s %10.4f %10.4f %8.4f%n", m.names().get(k), m.mae(k),
            m.rmse(k), m.r2(k)));
      }
    }
    return s.toString().stripTrailing();
  }

  static String toJson(RegressionMetrics m) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("count", m.count());
    root.put("mae", m.mae());
    root.put("rmse", m.rmse());
    root.put("r2", m.r2());
    ArrayNode outputs = root.putArray("perOutput");
    for (int k = 0; k < m.names().size(); k++) {
      ObjectNode n = outputs.addObject();
      n.put("name", m.names().get(k));
      n.put("mae", m.mae(k));
      n.put("rmse", m.rmse(k));
      n.put("r2", m.r2(k));
    }
    return json.writeValueAsString(root);
  }

  static String toJson(Evaluation e) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("count", e.count());
    root.put("accuracy", e.accuracy());
    root.put("loss", e.loss());
    ClassificationMetrics m = e.metrics();
    root.put("macroPrecision", m.macroPrecision());
    root.put("macroRecall", m.macroRecall());
    root.put("macroF1", m.macroF1());
    root.put("weightedF1", m.weightedF1());
    if (m.binary()) {
      root.put("rocAuc", m.rocAuc());
      root.put("prAuc", m.prAuc());
    } else {
      root.put("top2Accuracy", m.topKAccuracy(2));
    }
    ArrayNode classes = root.putArray("perClass");
    for (int c = 0; c < e.classNames().size(); c++) {
      ObjectNode n = classes.addObject();
      n.put("label", e.classNames().get(c));
      n.put("support", e.support(c));
      n.put("correct", e.correct(c));
      n.put("predicted", e.predicted(c));
      n.put("precision", m.precision(c));
      n.put("recall", m.recall(c));
      n.put("f1", m.f1(c));
    }
    ArrayNode confusion = root.putArray("confusion");
    for (long[] row : e.confusion()) {
      ArrayNode r = confusion.addArray();
      for (long v : row) {
        r.add(v);
      }
    }
    return json.writeValueAsString(root);
  }
}

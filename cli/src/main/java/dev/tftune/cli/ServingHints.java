package dev.tftune.cli;

import dev.tftune.export.ExportResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a user runs next with a new export: saved_model_cli, TF Serving in Docker, curl. */
final class ServingHints {
  private ServingHints() {}

  static List<String> commands(ExportResult result) {
    Path target = result.directory().toAbsolutePath();
    Path base = target.getParent();
    String name = base.getFileName().toString();
    List<String> keys = result.inputs();
    List<String> cmds = new ArrayList<>();
    cmds.add("./tftune serve-check " + base);
    cmds.add("saved_model_cli show --dir " + target + " --all");
    cmds.add("docker run --rm -p 8501:8501 -v " + base + ":/models/" + name + " -e MODEL_NAME="
        + name + " tensorflow/serving");
    String instance = result.takesEncodedImages()
        ? "each instance is {\"b64\": \"<base64 of a JPEG or PNG file>\"}"
        : keys.size() == 1 && result.stringInputs().contains(keys.get(0))
            ? "each instance is {\"b64\": \"<base64 of the bytes, e.g. a serialized "
                + "tf.Example>\"}"
        : keys.size() == 1 ? "each instance is one '" + keys.get(0) + "' value"
        : "each instance is {" + String.join(", ", keys.stream().map(k -> "\"" + k + "\": [...]")
            .toList()) + "}";
    cmds.add("curl -d '{\"instances\": [...]}' http://localhost:8501/v1/models/" + name
        + ":predict   # " + instance);
    return cmds;
  }
}

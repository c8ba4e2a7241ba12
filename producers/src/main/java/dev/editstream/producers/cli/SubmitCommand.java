package dev.editstream.producers.cli;

import dev.editstream.producers.EditClient;
import dev.editstream.producers.EditDraft;
import dev.editstream.producers.SubmitException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code editstream submit}: sends one edit request and prints its request id. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit one edit request to edit-requests and print its request id.",
      "Example: submit --image circle.png --caption 'a red circle on a blue background'"
          + " --prompt 'a green circle on a blue background'"
    })
public final class SubmitCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "FILE",
      description = "Source image, PNG or JPEG.")
  Path image;

  @Option(names = "--caption", paramLabel = "TEXT", description = "What the image shows.")
  String caption;

  @Option(
      names = "--edit",
      paramLabel = "KIND",
      defaultValue = "replace",
      description =
          "replace | refine | reweight | sdedit | masked | variation (default: ${DEFAULT-VALUE}).")
  String edit;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "Target prompt: what the image should show.")
  String prompt;

  @Option(
      names = "--reweight",
      paramLabel = "WORD=FACTOR",
      description = "Attention factor for a word of the prompt (repeatable).")
  Map<String, Float> reweights;

  @Option(
      names = "--strength",
      paramLabel = "F",
      defaultValue = "0.6",
      description = "SDEdit noise strength in (0,1] (default: ${DEFAULT-VALUE}).")
  float strength;

  @Option(
      names = "--mask-words",
      split = ",",
      paramLabel = "WORD",
      description = "Mask from the attention of these words.")
  java.util.List<String> maskWords;

  @Option(names = "--mask-box", paramLabel = "X,Y,W,H", description = "Mask box in pixels.")
  String maskBox;

  @Option(
      names = "--mask-polygon",
      paramLabel = "X1,Y1,X2,Y2,...",
      description = "Mask polygon in pixels, at least three points.")
  String maskPolygon;

  @Option(names = "--mask-image", paramLabel = "FILE", description = "Mask image (PNG).")
  Path maskImage;

  @Option(
      names = "--bundle",
      paramLabel = "NAME",
      defaultValue = "shapes32",
      description = "Model bundle (default: ${DEFAULT-VALUE}).")
  String bundle;

  @Option(names = "--bundle-version", paramLabel = "V", description = "Bundle version.")
  String bundleVersion;

  @Mixin SamplerOptions sampler;

  @Option(names = "--priority", paramLabel = "N", defaultValue = "0", description = "Priority.")
  int priority;

  @Option(
      names = "--deadline",
      paramLabel = "WHEN",
      description = "ISO instant (2026-01-01T12:00:00Z) or time from now (30s, 10m, PT1H).")
  String deadline;

  @Option(names = "--id", paramLabel = "ID", description = "Request id (default: a new UUID).")
  String requestId;

  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Client metadata.")
  Map<String, String> metadata;

  @Override
  public Integer call() {
    EditDraft draft = draft();
    try (EditClient client = EditClient.connect(connection.settings())) {
      spec.commandLine().getOut().println(client.submit(draft));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (SubmitException e) {
      spec.commandLine().getErr().println("submit failed: " + e.getMessage());
      return 1;
    }
  }

  EditDraft draft() {
    try {
      RequestOptions options = new RequestOptions(spec.commandLine());
      EditDraft draft =
          EditDraft.ofFile(image)
              .requestId(requestId)
              .caption(caption)
              .edit(options.edit(edit, prompt, reweights, strength))
              .mask(options.mask(maskWords, maskBox, maskPolygon, maskImage))
              .bundle(bundle, bundleVersion)
              .priority(priority)
              .deadline(deadline == null ? null : options.deadline(deadline));
      sampler.applyTo(draft.sampler(), options);
      if (metadata != null) {
        metadata.forEach(draft::metadata);
      }
      return draft;
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + e.getMessage());
    }
  }
}

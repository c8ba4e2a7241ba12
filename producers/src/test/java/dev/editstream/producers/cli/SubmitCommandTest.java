package dev.editstream.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskPolygon;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class SubmitCommandTest {

  @TempDir Path tmp;

  private EditRequest parse(String... args) throws IOException {
    Path image = tmp.resolve("in.png");
    Files.write(image, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    SubmitCommand command = new SubmitCommand();
    CommandLine commandLine = new CommandLine(command);
    String[] all = new String[args.length + 2];
    all[0] = "--image";
    all[1] = image.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    commandLine.parseArgs(all);
    return command.draft().toInlineRequest();
  }

  @Test
  void buildsAReplaceEditWithAGeneratedIdByDefault() throws IOException {
    EditRequest request = parse("--caption", "a red circle", "--prompt", "a green circle");
    assertThat(UUID.fromString(request.getRequestId())).isNotNull();
    assertThat(request.getEdit())
        .isEqualTo(new PromptEdit(PromptEditMode.REPLACE, "a green circle", List.of()));
    assertThat(request.getSourceCaption()).isEqualTo("a red circle");
    assertThat(request.getBundleName()).isEqualTo("shapes32");
    assertThat(request.getImage().toString()).contains("lim=4");
  }

  @Test
  void leavesEverySamplerSettingNotGivenNullForTheBundlesDefault() throws IOException {
    SamplerParams sampler = parse("--prompt", "a green circle").getSampler();
    assertThat(sampler).isEqualTo(SamplerParams.newBuilder().build());
    assertThat(sampler.getDenoisingSteps()).isNull();
    assertThat(sampler.getGuidance()).isNull();
    assertThat(sampler.getLocalBlend()).isNull();
    assertThat(sampler.getInversion()).isNull();

    SamplerParams stepsOnly = parse("--prompt", "x", "--steps", "30").getSampler();
    assertThat(stepsOnly).isEqualTo(SamplerParams.newBuilder().setDenoisingSteps(30).build());
  }

  @Test
  void mapsEverySamplerOption() throws IOException {
    SamplerParams sampler =
        parse(
                "--prompt",
                "x",
                "--seed",
                "42",
                "--steps",
                "20",
                "--guidance",
                "5",
                "--cross",
                "0.2",
                "--self",
                "0.6",
                "--no-local-blend",
                "--blend-threshold",
                "0.45",
                "--inversion",
                "null-text",
                "--null-text-steps",
                "4")
            .getSampler();
    assertThat(sampler)
        .isEqualTo(
            SamplerParams.newBuilder()
                .setSeed(42L)
                .setDenoisingSteps(20)
                .setGuidance(5f)
                .setCrossAttentionFraction(0.2f)
                .setSelfAttentionFraction(0.6f)
                .setLocalBlend(false)
                .setBlendThreshold(0.45f)
                .setInversion(InversionMethod.NULL_TEXT)
                .setNullTextInnerSteps(4)
                .build());
    SamplerParams blended =
        parse("--prompt", "x", "--local-blend", "--inversion", "DDIM").getSampler();
    assertThat(blended.getLocalBlend()).isTrue();
    assertThat(blended.getInversion()).isEqualTo(InversionMethod.DDIM);
  }

  @Test
  void mapsEveryOptionToTheContract() throws IOException {
    Instant before = Instant.now();
    EditRequest request =
        parse(
            "--id",
            "mine-1",
            "--edit",
            "reweight",
            "--prompt",
            "a red circle",
            "--reweight",
            "red=2.5",
            "--mask-words",
            "circle,red",
            "--bundle",
            "shapes32",
            "--bundle-version",
            "3",
            "--steps",
            "20",
            "--priority",
            "2",
            "--deadline",
            "10m",
            "--meta",
            "customer=c-1");
    assertThat(request.getRequestId()).isEqualTo("mine-1");
    assertThat(request.getEdit())
        .isEqualTo(
            new PromptEdit(
                PromptEditMode.REWEIGHT, "a red circle", List.of(new WordWeight("red", 2.5f))));
    assertThat(request.getMask()).isEqualTo(new MaskWords(List.of("circle", "red")));
    assertThat(request.getBundleVersion()).isEqualTo("3");
    assertThat(request.getSampler().getDenoisingSteps()).isEqualTo(20);
    assertThat(request.getPriority()).isEqualTo(2);
    assertThat(request.getDeadline())
        .isBetween(before.plus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(10)));
    assertThat(request.getMetadata()).containsEntry("customer", "c-1");
  }

  @Test
  void buildsTheOtherEditsAndMasks() throws IOException {
    assertThat(parse("--edit", "sdedit", "--prompt", "x", "--strength", "0.4").getEdit())
        .isEqualTo(new SdEdit(0.4f, "x"));
    assertThat(parse("--edit", "variation").getEdit()).isEqualTo(new Variation());
    assertThat(parse("--prompt", "x", "--mask-box", "1,2,3,4").getMask())
        .isEqualTo(new MaskBox(1, 2, 3, 4));
    assertThat(
            ((MaskPolygon) parse("--prompt", "x", "--mask-polygon", "0,0,5,0,0,5").getMask())
                .getPoints())
        .hasSize(3);
    assertThat(parse("--prompt", "x", "--deadline", "2030-01-01T00:00:00Z").getDeadline())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void explainsOptionMistakes() {
    assertThatThrownBy(() -> parse("--edit", "replace"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("needs a prompt");
    assertThatThrownBy(() -> parse("--edit", "colourise", "--prompt", "x"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--edit: the edit must be one of");
    assertThatThrownBy(() -> parse("--prompt", "x", "--mask-box", "1,2,3"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("X,Y,W,H");
    assertThatThrownBy(() -> parse("--prompt", "x", "--mask-box", "1,2,3,4", "--mask-words", "a"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("at most one");
    assertThatThrownBy(() -> parse("--prompt", "x", "--deadline", "tomorrow"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--deadline");
    assertThatThrownBy(() -> parse("--prompt", "x", "--inversion", "euler"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--inversion must be ddim or null-text");
    assertThatThrownBy(() -> parse("--prompt", "x", "--steps", "many"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--steps");
  }
}

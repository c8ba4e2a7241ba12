package dev.editstream.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.InversionKeys;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.PlannedInversion;
import dev.editstream.schemas.keys.ImageHash;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionCodec;
import dev.editstream.workers.engine.model.TestModels;
import dev.editstream.workers.engine.progress.StepListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract's inversion key, computed twice: by the stream processors from the bundle's
 * descriptor and the request's bytes ({@link InversionKeys#forPlan}, no TensorFlow), and by the
 * engine from the inversion it computes. They must agree, or no cached inversion would ever be
 * found (or the wrong one accepted). Also: an inversion stored in compact form edits to the same
 * bytes as the one just computed.
 */
class InversionKeyAgreementTest {
  private static final BundleDescriptor BUNDLE =
      BundleDescriptor.load(Path.of("../models/bundles/shapes32"));
  static EditEngine engine;
  static TestPlans t;

  @BeforeAll
  static void open() {
    engine = new EditEngine(TestModels.model(), TestPlans.calibrationCaptions());
    t = new TestPlans();
  }

  private static List<EditPlan> plans() {
    return List.of(
        t.promptToPrompt().build(),
        t.localBlend().build(),
        t.promptToPrompt().setSteps(3).build(),
        t.promptToPrompt().setGuidance(5.0).build(),
        t.promptToPrompt().setInversion(new PlannedInversion(InversionMethod.NULL_TEXT, 1)).build(),
        t.promptToPrompt().setInversion(new PlannedInversion(InversionMethod.DDIM, 0)).build());
  }

  @Test
  void theEngineAndTheProcessorsComputeOneKeyForEveryPlanAndSource() {
    assertThat(engine.model().bundleSha256()).isEqualToIgnoringCase(BUNDLE.sha256());
    for (byte[] png : List.of(t.png32, t.png(48, 80))) {
      String hash = ImageHash.ofEncoded(png).orElseThrow();
      SourceImage source = SourceImage.decode(png);
      assertThat(source.imageHash()).isEqualTo(hash);
      for (EditPlan plan : plans()) {
        Inversion inv = engine.invert(plan, source, StepListener.none());
        assertThat(inv.key().hex())
            .as(plan.toString())
            .isEqualTo(InversionKeys.forPlan(BUNDLE, plan, hash).orElseThrow().hex());
      }
    }
  }

  @Test
  void aCompactStoredInversionEditsToTheSameBytesAsAFreshOne() {
    SourceImage source = t.source(48, 80);
    for (EditPlan plan :
        List.of(t.localBlend().build(), t.wordMask().build(), t.promptToPrompt().build())) {
      PlannedEditResult fresh = engine.run(plan, source, Optional.empty(), StepListener.none());
      byte[] stored = InversionCodec.write(fresh.inversion().orElseThrow());
      Inversion read = InversionCodec.read(stored);
      assertThat(read.isCompact()).isTrue();
      PlannedEditResult reused =
          engine.run(plan, source, Optional.empty(), Optional.of(read), StepListener.none());
      assertThat(reused.png()).as(plan.getRegion().name()).isEqualTo(fresh.png());
      assertThat(reused.region()).isEqualTo(fresh.region());
    }
  }
}

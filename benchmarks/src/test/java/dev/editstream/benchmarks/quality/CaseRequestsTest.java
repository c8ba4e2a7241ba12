package dev.editstream.benchmarks.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.editing.Seeds;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.executor.RequestMasks;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseRequestsTest {
  private static final List<EditCase> CASES = ShapesEdit.cases(4242, 200);
  private static final EditPlanner PLANNER =
      new EditPlanner(BundleDescriptor.load(Path.of("../models/bundles/shapes32")));

  @Test
  void everyCaseIsAnOrdinaryRequestThatTheBundlesRulesAcceptAndPlanAsItsKindNeeds() {
    for (EditCase c : CASES) {
      EditRequest r = CaseRequests.of(4242, c);
      assertThat(r.getRequestId()).isEqualTo("shapesedit-4242-" + c.id());
      // nothing but the image, caption, edit (and a masked case's mask): the bundle decides the
      // rest
      assertThat(r.getSampler().getDenoisingSteps()).isNull();
      assertThat(r.getSampler().getSeed()).isNull();
      EditPlan plan =
          PLANNER.plan(r, r.getSourceCaption(), Seeds.forRequest(r.getRequestId(), null));
      assertThat(plan.getMethod()).isEqualTo(PlanMethod.PROMPT_TO_PROMPT);
      assertThat(plan.getSteps()).isEqualTo(20);
      PlanRegion expected =
          c.kind() == EditKind.MASKED ? PlanRegion.USER_MASK : PlanRegion.LOCAL_BLEND;
      assertThat(plan.getRegion()).as("case %d (%s)", c.id(), c.kind()).isEqualTo(expected);
      if (c.kind() == EditKind.OBJECT_COLOUR && c.separation().isPresent()) {
        // the planner finds the edited object by the change's position, as the case's own words
        assertThat(plan.getBlend().getObjectWords())
            .as("case %d", c.id())
            .containsExactlyInAnyOrderElementsOf(c.separation().get().objectWords());
      }
      if (c.kind() == EditKind.REWEIGHT) {
        assertThat(plan.getReweights()).isEqualTo(c.reweight());
      }
    }
  }

  @Test
  void theSourcePngAndTheMaskImageDecodeToTheCasesOwnPixels() {
    for (EditCase c : CASES.subList(0, 25)) {
      EditRequest r = CaseRequests.of(4242, c);
      SourceImage source = SourceImage.decode(InlineBytes.of((ByteBuffer) r.getImage()));
      assertThat(source.rgb8()).isEqualTo(c.sourceImage().toRgb8());
      assertThat(source.image()).isEqualTo(c.sourceImage());
      if (c.kind() == EditKind.MASKED) {
        var mask =
            RequestMasks.rasterise(r.getMask(), 32, 32, image -> InlineBytes.of((ByteBuffer) image))
                .orElseThrow();
        assertThat(mask.weights()).isEqualTo(c.region().weights());
        assertThat(r.getMask()).isInstanceOf(MaskImage.class);
      }
    }
  }
}

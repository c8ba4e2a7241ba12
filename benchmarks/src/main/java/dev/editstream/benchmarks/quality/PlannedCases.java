package dev.editstream.benchmarks.quality;

import dev.editstream.editing.EditPlanner;
import dev.editstream.editing.Seeds;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.PlannedEditResult;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionParameters;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.executor.RequestMasks;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Runs a case the way the pipeline runs its request: planned by the {@link EditPlanner} from the
 * request alone, the source decoded from its PNG and the mask rasterised as a worker does, then the
 * engine's {@link EditEngine#run}. So the in-process benchmark's planner row and a stack's result
 * for the same request are the same bytes.
 */
final class PlannedCases {
  private final EditEngine engine;
  private final EditPlanner planner;
  private final long seed;

  PlannedCases(EditEngine engine, EditPlanner planner, long seed) {
    this.engine = engine;
    this.planner = planner;
    this.seed = seed;
  }

  /** The plan a case's request gets. */
  EditPlan plan(EditCase c) {
    return plan(CaseRequests.of(seed, c));
  }

  private EditPlan plan(EditRequest request) {
    return planner.plan(
        request,
        request.getSourceCaption(),
        Seeds.forRequest(request.getRequestId(), request.getSampler().getSeed()));
  }

  /**
   * Runs a case's request.
   *
   * @param inversion an inversion of the case's source made earlier; used when it is the one the
   *     plan asks for (same method, steps, guidance and null-text iterations), else the engine
   *     inverts
   */
  PlannedEditResult run(EditCase c, Optional<Inversion> inversion) {
    return run(CaseRequests.of(seed, c), inversion);
  }

  /** Runs a request with an inline source (and mask image), as a worker runs its job. */
  PlannedEditResult run(EditRequest request, Optional<Inversion> inversion) {
    EditPlan plan = plan(request);
    SourceImage source = SourceImage.decode(InlineBytes.of((ByteBuffer) request.getImage()));
    Optional<Mask> mask =
        RequestMasks.rasterise(
            request.getMask(),
            source.height(),
            source.width(),
            image -> InlineBytes.of((ByteBuffer) image));
    Optional<Inversion> reused = inversion.filter(i -> plannedBy(plan, i.parameters()));
    return engine.run(plan, source, mask, reused, StepListener.none());
  }

  private static boolean plannedBy(EditPlan plan, InversionParameters p) {
    return plan.getInversion() != null
        && plan.getInversion().getMethod() == InversionMethod.valueOf(p.method().name())
        && plan.getSteps() == p.steps()
        && plan.getGuidance() == p.guidance().scale()
        && plan.getInversion().getNullTextInnerSteps() == p.nullText().innerSteps();
  }
}

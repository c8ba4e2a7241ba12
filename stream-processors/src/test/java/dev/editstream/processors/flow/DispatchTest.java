package dev.editstream.processors.flow;

import static dev.editstream.processors.flow.FlowDriver.START;
import static dev.editstream.processors.flow.FlowDriver.cancel;
import static dev.editstream.processors.flow.FlowDriver.request;
import static dev.editstream.processors.flow.FlowDriver.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchTest {

  @TempDir Path tmp;
  private FlowDriver flow;

  @BeforeEach
  void setUp() {
    flow = new FlowDriver("dispatch-test", tmp);
  }

  @AfterEach
  void tearDown() {
    flow.close();
  }

  @Test
  void dispatchesAnAcceptedRequestAsAJobAndRemembersWhatItsResultNeeds() {
    EditRequest request = request("d-1").setDeadline(START.plus(Duration.ofMinutes(5))).build();
    flow.accepted.pipeInput("d-1", request);

    KeyValue<String, EditJob> job = flow.jobs.readKeyValue();
    assertThat(job.key).isEqualTo("d-1");
    assertThat(job.value).isEqualTo(new PlainJobFactory().job(request, START));
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.results.isEmpty()).isTrue();

    RequestState state = flow.states.get("d-1");
    assertThat(state.getPhase()).isEqualTo(RequestPhase.DISPATCHED);
    assertThat(state.getStatus()).isNull();
    assertThat(state.getDeadline()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(state.getResolvedCaption()).isEqualTo("a red circle on a blue background");
    assertThat(state.getSeed()).isEqualTo(42L);
    assertThat(state.getBundleId()).isEqualTo("shapes32:2");
    assertThat(state.getBundleSha256()).isEqualTo(PlainJobFactory.BUNDLE_SHA256);
    assertThat(state.getMetadata()).containsEntry("customer", "c-7");
    assertThat(state.getAcceptedAt()).isEqualTo(START);
    assertThat(state.getDroppedOutcomes()).isZero();

    AuditEvent event = flow.audit.readValue();
    assertThat(event.getRequestId()).isEqualTo("d-1");
    assertThat(event.getStage()).isEqualTo(Stage.DISPATCH);
    assertThat(event.getDecision()).isEqualTo("DISPATCHED");
    assertThat(event.getComponent()).isEqualTo("flow-test/0_0");
    assertThat(event.getTimestamp()).isEqualTo(START);
    assertThat(event.getDetails())
        .containsEntry("seed", "42")
        .containsEntry("bundleName", "shapes32")
        .containsEntry("bundleVersion", "2")
        .containsEntry("bundleSha256", PlainJobFactory.BUNDLE_SHA256)
        .containsEntry("priority", "3")
        .containsEntry("imageSha256", job.value.getImageSha256())
        .containsEntry("method", "PROMPT_TO_PROMPT")
        .containsEntry("region", "LOCAL_BLEND")
        .containsEntry("steps", "20")
        .containsEntry("changedWords", "green")
        .containsEntry("deadline", "2026-01-01T12:05:00Z");
    assertThat(flow.audit.isEmpty()).isTrue();
  }

  @Test
  void givesAJobTheSeedTheFactoryDerivesWhenTheRequestHasNone() {
    EditRequest request = request("d-2").build();
    request.getSampler().setSeed(null);
    flow.accepted.pipeInput("d-2", request);

    assertThat(flow.jobs.readValue().getSeed()).isEqualTo(PlainJobFactory.DERIVED_SEED);
    assertThat(flow.states.get("d-2").getSeed()).isEqualTo(PlainJobFactory.DERIVED_SEED);
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.decisions()).containsExactly("DISPATCHED");
  }

  @Test
  void ignoresAnAcceptedCopyOfARequestAlreadyDispatchedOrEnded() {
    EditRequest request = request("d-3").build();
    flow.accepted.pipeInput("d-3", request);
    flow.accepted.pipeInput("d-3", request);
    assertThat(flow.jobs.readKeyValuesToList()).hasSize(1);

    flow.outcomes.pipeInput("d-3", succeeded("d-3").build());
    flow.accepted.pipeInput("d-3", request);

    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.results.readValuesToList())
        .singleElement()
        .extracting(EditResult::getStatus)
        .isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(flow.decisions()).containsExactly("DISPATCHED", "SUCCEEDED");
  }

  @Test
  void endsARequestCancelledBeforeItArrivedCancelledWithoutAJob() {
    flow.cancellations.pipeInput("c-1", cancel("c-1"));
    assertThat(flow.states.get("c-1").getPhase()).isEqualTo(RequestPhase.CANCEL_BEFORE_ACCEPT);
    assertThat(flow.results.isEmpty()).isTrue();

    flow.accepted.pipeInput("c-1", request("c-1").build());

    assertThat(flow.jobs.isEmpty()).isTrue();
    EditResult result = flow.results.readValue();
    assertThat(result.getRequestId()).isEqualTo("c-1");
    assertThat(result.getStatus()).isEqualTo(ResultStatus.CANCELLED);
    assertThat(result.getReasonCode()).isEqualTo(ReasonCode.CANCELLED_BY_CLIENT.name());
    assertThat(result.getMetadata()).containsEntry("customer", "c-7");
    assertThat(result.getResultImage()).isNull();
    assertThat(flow.results.isEmpty()).isTrue();
    RequestState state = flow.states.get("c-1");
    assertThat(state.getPhase()).isEqualTo(RequestPhase.TERMINAL);
    assertThat(state.getStatus()).isEqualTo(ResultStatus.CANCELLED);
    List<AuditEvent> events = flow.audit.readValuesToList();
    assertThat(events)
        .extracting(AuditEvent::getDecision)
        .containsExactly("CANCEL_BEFORE_ACCEPT", "CANCELLED");
    assertThat(events)
        .extracting(AuditEvent::getStage)
        .containsExactly(Stage.RESULT, Stage.DISPATCH);
    assertThat(events.get(1).getDetails()).containsEntry("reasonCode", "CANCELLED_BY_CLIENT");

    flow.accepted.pipeInput("c-1", request("c-1").build());
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.results.isEmpty()).isTrue();
  }

  @Test
  void endsARequestWhoseDeadlinePassedInTheQueueExpiredWithoutAJob() {
    flow.advance(Duration.ofMinutes(2));
    flow.accepted.pipeInput(
        "e-1", request("e-1").setDeadline(START.plus(Duration.ofMinutes(1))).build());

    assertThat(flow.jobs.isEmpty()).isTrue();
    EditResult result = flow.results.readValue();
    assertThat(result.getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(result.getReasonCode()).isEqualTo("DEADLINE_EXPIRED");
    assertThat(result.getCompletedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.states.get("e-1").getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(flow.decisions()).containsExactly("EXPIRED");
  }

  @Test
  void endsARequestTheFactoryCallsAUserErrorRejectedWithItsCode() {
    flow.factory =
        (request, resolved, now) -> {
          throw new EditException(
              ReasonCode.REPLACE_WORD_COUNT_MISMATCH, "'a red circle' has 3 words, 'a cat' 2");
        };
    flow.accepted.pipeInput("u-1", request("u-1").build());

    assertThat(flow.jobs.isEmpty()).isTrue();
    EditResult result = flow.results.readValue();
    assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
    assertThat(result.getReasonCode()).isEqualTo("REPLACE_WORD_COUNT_MISMATCH");
    assertThat(result.getMessage()).contains("'a cat' 2");
    assertThat(result.getSeed()).isEqualTo(42L);
    assertThat(result.getBundleId()).isEqualTo("shapes32");
    assertThat(result.getMetadata()).containsEntry("customer", "c-7");
    assertThat(flow.results.isEmpty()).isTrue();
    RequestState state = flow.states.get("u-1");
    assertThat(state.getPhase()).isEqualTo(RequestPhase.TERMINAL);
    assertThat(state.getStatus()).isEqualTo(ResultStatus.REJECTED);
    AuditEvent event = flow.audit.readValue();
    assertThat(event.getStage()).isEqualTo(Stage.DISPATCH);
    assertThat(event.getDecision()).isEqualTo("REJECTED");
    assertThat(event.getDetails()).containsEntry("reasonCode", "REPLACE_WORD_COUNT_MISMATCH");
    assertThat(flow.audit.isEmpty()).isTrue();
  }

  @Test
  void endsARequestTheFactoryFailsOnFailed() {
    flow.factory =
        (request, resolved, now) -> {
          throw new EditException(ReasonCode.BUNDLE_MISMATCH, "no bundle shapes32:9");
        };
    flow.accepted.pipeInput("f-1", request("f-1").build());
    flow.factory =
        (request, resolved, now) -> {
          throw new IllegalStateException("planner bug");
        };
    flow.accepted.pipeInput("f-2", request("f-2").build());

    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.results.readValuesToList())
        .extracting(EditResult::getStatus, EditResult::getReasonCode)
        .containsExactly(
            tuple(ResultStatus.FAILED, "BUNDLE_MISMATCH"),
            tuple(ResultStatus.FAILED, "ENGINE_FAULT"));
    assertThat(flow.decisions()).containsExactly("FAILED", "FAILED");
  }
}

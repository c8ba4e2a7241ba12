package dev.editstream.processors.flow;

import static dev.editstream.processors.flow.FlowDriver.RESULT_SHA256;
import static dev.editstream.processors.flow.FlowDriver.RETENTION;
import static dev.editstream.processors.flow.FlowDriver.START;
import static dev.editstream.processors.flow.FlowDriver.cancel;
import static dev.editstream.processors.flow.FlowDriver.request;
import static dev.editstream.processors.flow.FlowDriver.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

  @TempDir Path tmp;
  private FlowDriver flow;

  @BeforeEach
  void setUp() {
    flow = new FlowDriver("results-test", tmp);
  }

  @AfterEach
  void tearDown() {
    flow.close();
  }

  /** Dispatches a request and reads its job and DISPATCHED audit event away. */
  private void dispatch(String id, Duration deadlineIn) {
    EditRequest.Builder request = request(id);
    if (deadlineIn != null) {
      request.setDeadline(START.plus(deadlineIn));
    }
    flow.accepted.pipeInput(id, request.build());
    assertThat(flow.jobs.readKeyValue().key).isEqualTo(id);
    assertThat(flow.decisions()).containsExactly("DISPATCHED");
  }

  @Test
  void makesTheFirstOutcomeTheResultAndDropsAndCountsItsRepeats() {
    dispatch("r-1", null);
    WorkerOutcome outcome = succeeded("r-1").build();
    flow.advance(Duration.ofSeconds(10));
    flow.outcomes.pipeInput("r-1", outcome);
    flow.outcomes.pipeInput("r-1", outcome);
    flow.outcomes.pipeInput("r-1", outcome);

    List<KeyValue<String, EditResult>> results = flow.results.readKeyValuesToList();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).key).isEqualTo("r-1");
    EditResult result = results.get(0).value;
    assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(result.getReasonCode()).isEqualTo("OK");
    assertThat(result.getResultImage()).isEqualTo(outcome.getResultImage());
    assertThat(result.getResolvedCaption()).isEqualTo("a red circle on a blue background");
    assertThat(result.getSeed()).isEqualTo(42L);
    assertThat(result.getBundleId()).isEqualTo("shapes32:2");
    assertThat(result.getBundleSha256()).isEqualTo(PlainJobFactory.BUNDLE_SHA256);
    assertThat(result.getQuality()).isEqualTo(outcome.getQuality());
    assertThat(result.getTimingsMs())
        .containsEntry("edit", 900L)
        .containsEntry("sinceDispatch", 10_000L);
    assertThat(result.getMetadata()).containsEntry("customer", "c-7");
    assertThat(result.getCompletedAt()).isEqualTo(START.plusSeconds(10));

    RequestState state = flow.states.get("r-1");
    assertThat(state.getPhase()).isEqualTo(RequestPhase.TERMINAL);
    assertThat(state.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(state.getDroppedOutcomes()).isEqualTo(2);
    assertThat(flow.counters.droppedOutcomes()).isEqualTo(2);

    List<AuditEvent> events = flow.audit.readValuesToList();
    assertThat(events)
        .extracting(AuditEvent::getDecision)
        .containsExactly("SUCCEEDED", "OUTCOME_DROPPED", "OUTCOME_DROPPED");
    assertThat(events).allSatisfy(e -> assertThat(e.getStage()).isEqualTo(Stage.RESULT));
    assertThat(events.get(0).getDetails())
        .containsEntry("reasonCode", "OK")
        .containsEntry("resultSha256", RESULT_SHA256)
        .containsEntry("worker", "worker-1")
        .containsEntry("seed", "42");
    assertThat(events.get(2).getDetails())
        .containsEntry("phase", "TERMINAL")
        .containsEntry("decidedStatus", "SUCCEEDED")
        .containsEntry("droppedOutcomes", "2");
    assertThat(flow.jobs.isEmpty()).isTrue();
  }

  @Test
  void dropsAnOutcomeForARequestNeverDispatched() {
    flow.outcomes.pipeInput("ghost-1", succeeded("ghost-1").build());

    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.states.get("ghost-1")).isNull();
    assertThat(flow.counters.droppedOutcomes()).isEqualTo(1);
    AuditEvent event = flow.audit.readValue();
    assertThat(event.getDecision()).isEqualTo("OUTCOME_DROPPED");
    assertThat(event.getDetails())
        .containsEntry("phase", "none")
        .containsEntry("outcomeStatus", "SUCCEEDED")
        .containsEntry("outcomeSha256", RESULT_SHA256);
    assertThat(flow.audit.isEmpty()).isTrue();
  }

  @Test
  void endsAFailedOutcomeFailedWithTheWorkersReason() {
    dispatch("w-1", null);
    flow.outcomes.pipeInput(
        "w-1",
        succeeded("w-1")
            .setStatus(ResultStatus.FAILED)
            .setReasonCode("RETRIES_EXHAUSTED")
            .setMessage("the job failed on every attempt: out of memory")
            .setResultImage(null)
            .setQuality(null)
            .setResolvedCaption(null)
            .setAttempt(3)
            .build());

    EditResult result = flow.results.readValue();
    assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
    assertThat(result.getReasonCode()).isEqualTo("RETRIES_EXHAUSTED");
    assertThat(result.getMessage()).contains("out of memory");
    assertThat(result.getResultImage()).isNull();
    // What the worker did not report comes from the job dispatch sent.
    assertThat(result.getResolvedCaption()).isEqualTo("a red circle on a blue background");
    AuditEvent event = flow.audit.readValue();
    assertThat(event.getDecision()).isEqualTo("FAILED");
    assertThat(event.getDetails()).containsEntry("attempt", "3").doesNotContainKey("resultSha256");
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.audit.isEmpty()).isTrue();
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.states.get("w-1").getStatus()).isEqualTo(ResultStatus.FAILED);
    assertThat(flow.counters.droppedOutcomes()).isZero();
  }

  @Test
  void expiresADispatchedRequestWhoseDeadlinePassesAndDropsItsLaterOutcome() {
    dispatch("x-1", Duration.ofSeconds(30));
    dispatch("x-2", Duration.ofMinutes(10));

    flow.advance(Duration.ofSeconds(29));
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.states.get("x-1").getPhase()).isEqualTo(RequestPhase.DISPATCHED);

    flow.advance(Duration.ofSeconds(2));
    EditResult result = flow.results.readValue();
    assertThat(result.getRequestId()).isEqualTo("x-1");
    assertThat(result.getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(result.getReasonCode()).isEqualTo("DEADLINE_EXPIRED");
    assertThat(result.getSeed()).isEqualTo(42L);
    assertThat(result.getMetadata()).containsEntry("customer", "c-7");
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.states.get("x-1").getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(flow.states.get("x-2").getPhase()).isEqualTo(RequestPhase.DISPATCHED);
    assertThat(flow.decisions()).containsExactly("EXPIRED");

    flow.outcomes.pipeInput("x-1", succeeded("x-1").build());
    flow.advance(Duration.ofSeconds(5));

    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.states.get("x-1").getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(flow.states.get("x-1").getDroppedOutcomes()).isEqualTo(1);
    assertThat(flow.counters.droppedOutcomes()).isEqualTo(1);
    assertThat(flow.decisions()).containsExactly("OUTCOME_DROPPED");
  }

  @Test
  void cancelsADispatchedRequestAtOnceAndDropsItsLaterOutcome() {
    dispatch("k-1", null);
    flow.cancellations.pipeInput("k-1", cancel("k-1"));

    EditResult result = flow.results.readValue();
    assertThat(result.getStatus()).isEqualTo(ResultStatus.CANCELLED);
    assertThat(result.getReasonCode()).isEqualTo("CANCELLED_BY_CLIENT");
    assertThat(result.getMessage()).contains("changed my mind");
    assertThat(result.getMetadata()).containsEntry("customer", "c-7");
    assertThat(flow.states.get("k-1").getPhase()).isEqualTo(RequestPhase.TERMINAL);
    assertThat(flow.decisions()).containsExactly("CANCELLED");

    flow.outcomes.pipeInput("k-1", succeeded("k-1").build());
    flow.cancellations.pipeInput("k-1", cancel("k-1"));

    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.states.get("k-1").getStatus()).isEqualTo(ResultStatus.CANCELLED);
    assertThat(flow.states.get("k-1").getDroppedOutcomes()).isEqualTo(1);
    assertThat(flow.counters.droppedOutcomes()).isEqualTo(1);
    assertThat(flow.decisions()).containsExactly("OUTCOME_DROPPED");
  }

  @Test
  void forgetsEndedAndCancelFirstStatesAfterTheRetentionAndKeepsDispatchedOnes() {
    dispatch("p-1", null);
    dispatch("p-3", null);
    flow.outcomes.pipeInput("p-1", succeeded("p-1").build());
    flow.cancellations.pipeInput("p-2", cancel("p-2"));
    assertThat(flow.results.readValuesToList()).hasSize(1);
    assertThat(flow.decisions()).containsExactly("SUCCEEDED", "CANCEL_BEFORE_ACCEPT");

    flow.advance(RETENTION.minusHours(1));
    assertThat(flow.states.get("p-1")).isNotNull();
    assertThat(flow.states.get("p-2")).isNotNull();

    flow.advance(Duration.ofHours(2));
    assertThat(flow.states.get("p-1")).isNull();
    assertThat(flow.states.get("p-2")).isNull();
    assertThat(flow.states.get("p-3").getPhase()).isEqualTo(RequestPhase.DISPATCHED);
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.audit.isEmpty()).isTrue();

    // Forgotten, a cancelled-first id is a new request again.
    flow.accepted.pipeInput("p-2", request("p-2").build());
    assertThat(flow.jobs.readKeyValue().key).isEqualTo("p-2");
  }
}

package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.ResultStatus;
import org.junit.jupiter.api.Test;

class JobOutputTest {

  @Test
  void aSuccessCarriesItsImageAndStatus() {
    JobOutput output = JobOutput.succeeded(TestJobs.RESULT).timing("edit", 5).build();

    assertThat(output.status()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(output.reason()).isEqualTo(ReasonCode.OK);
    assertThat(output.resultImage()).isEqualTo(TestJobs.RESULT);
    assertThat(output.timingsMs()).containsEntry("edit", 5L);
    assertThat(output.batchSize()).isEqualTo(1);
  }

  @Test
  void aUserErrorIsRejected() {
    JobOutput output =
        JobOutput.rejected(ReasonCode.MASK_WORD_NOT_IN_CAPTION, "'hat' is not in 'a cat'").build();

    assertThat(output.status()).isEqualTo(ResultStatus.REJECTED);
    assertThat(output.message()).isEqualTo("'hat' is not in 'a cat'");
  }

  @Test
  void refusesFaultsAndSuccessesWithoutAnImage() {
    assertThatThrownBy(() -> JobOutput.rejected(ReasonCode.ENGINE_FAULT, "boom").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENGINE_FAULT");
    assertThatThrownBy(() -> JobOutput.rejected(ReasonCode.OK, "no image").build())
        .hasMessageContaining("result image");
    assertThatThrownBy(() -> JobOutput.succeeded(TestJobs.RESULT).batchSize(0).build())
        .hasMessageContaining("batchSize");
  }
}

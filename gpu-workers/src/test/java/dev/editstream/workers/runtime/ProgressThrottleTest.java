package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

  @Test
  void admitsAboutEveryTenthOfTheStepsAndTheLast() {
    ProgressThrottle throttle = new ProgressThrottle(0.1, Duration.ZERO, () -> 0L);
    List<Integer> admitted = new ArrayList<>();
    for (int step = 0; step <= 20; step++) {
      if (throttle.admit(Stage.EDIT, step, 20)) {
        admitted.add(step);
      }
    }
    assertThat(admitted).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
  }

  @Test
  void admitsEveryStepOfAStageShorterThanTheFraction() {
    ProgressThrottle throttle = new ProgressThrottle(0.1, Duration.ZERO, () -> 0L);
    List<Integer> admitted = new ArrayList<>();
    for (int step = 1; step <= 5; step++) {
      if (throttle.admit(Stage.INVERSION, step, 5)) {
        admitted.add(step);
      }
    }
    assertThat(admitted).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void admitsNoTwoReportsOfAStageWithinTheInterval() {
    long[] now = {0};
    ProgressThrottle throttle = new ProgressThrottle(0.1, Duration.ofMillis(500), () -> now[0]);
    List<Integer> admitted = new ArrayList<>();
    for (int step = 0; step <= 20; step++) {
      now[0] = step * Duration.ofMillis(70).toNanos();
      if (throttle.admit(Stage.EDIT, step, 20)) {
        admitted.add(step);
      }
    }
    // 20 steps of 70 ms: the start, then the first band change at least 500 ms after the last
    assertThat(admitted).containsExactly(0, 8, 16);
    // a new stage is reported at once, whatever the interval
    assertThat(throttle.admit(Stage.INVERSION, 0, 10)).isTrue();
  }

  @Test
  void admitsEveryStageChangeAndOnlyTheStartOfAStageOfUnknownLength() {
    ProgressThrottle throttle = new ProgressThrottle(0.1, Duration.ZERO, () -> 0L);

    assertThat(throttle.admit(Stage.INVERSION, 0, 0)).isTrue();
    assertThat(throttle.admit(Stage.INVERSION, 7, 0)).isFalse();
    assertThat(throttle.admit(Stage.EDIT, 1, 50)).isTrue();
    assertThat(throttle.admit(Stage.EDIT, 2, 50)).isFalse();
    assertThat(throttle.admit(Stage.INVERSION, 8, 0)).isTrue();
  }
}

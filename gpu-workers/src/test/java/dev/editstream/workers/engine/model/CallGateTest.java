package dev.editstream.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallGateTest {
  @Test
  void closingIsRefusedWhileACallIsInFlightAndCallsAfterClosingFail() {
    CallGate gate = new CallGate("b 1");
    AtomicInteger released = new AtomicInteger();
    CallGate.Pass pass = gate.enter();
    assertThatThrownBy(() -> gate.close(released::incrementAndGet))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 call(s) in flight");
    assertThat(released).hasValue(0);
    assertThat(gate.isClosed()).isFalse();
    pass.close();
    pass.close();
    assertThat(gate.inFlight()).isZero();
    gate.close(released::incrementAndGet);
    gate.close(released::incrementAndGet);
    assertThat(released).hasValue(1);
    assertThatThrownBy(gate::enter)
        .isInstanceOf(BundleClosedException.class)
        .hasMessageContaining("b 1");
  }
}

package dev.editstream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.editing.BundleException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device placement on the CPU build this project ships: the CPU is what a bundle runs on,
 * TensorFlow lists it, and a GPU asked for on a build or machine without one is refused at load
 * with a reason and where to read more, not silently run on the CPU.
 */
class DeviceIntegrationTest {

  @Test
  void theCpuBuildSeesTheCpuAndNoGpu() {
    List<Devices.Device> devices =
        Devices.visible(ModelBundle.sessionConfig(BundleOptions.defaults()));
    assertThat(devices).extracting(Devices.Device::type).contains("CPU").doesNotContain("GPU");
    assertThat(devices.get(0).name()).contains("device:CPU:0");
  }

  @Test
  void aBundleSaysItRunsOnTheCpu() {
    try (ModelBundle b =
        ModelBundle.load(CommittedBundleIntegrationTest.BUNDLE, BundleOptions.defaults())) {
      assertThat(b.device()).isEqualTo("CPU");
    }
  }

  @Test
  void aGpuTensorFlowDoesNotSeeIsRefusedAtLoad() {
    BundleOptions gpu = BundleOptions.defaults().on(ComputeDevice.gpu(0), true);
    assertThat(ModelBundle.sessionConfig(gpu).getGpuOptions().getVisibleDeviceList())
        .isEqualTo("0");
    assertThat(ModelBundle.sessionConfig(gpu).getGpuOptions().getAllowGrowth()).isTrue();
    assertThatThrownBy(() -> ModelBundle.load(CommittedBundleIntegrationTest.BUNDLE, gpu))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("sees no GPU")
        .hasMessageContaining("docs/gpu.md");
  }

  @Test
  void devicesParseFromConfiguration() {
    assertThat(ComputeDevice.parse("CPU")).isEqualTo(ComputeDevice.CPU);
    assertThat(ComputeDevice.parse("gpu")).isEqualTo(ComputeDevice.gpu(0));
    assertThat(ComputeDevice.parse(" gpu:3 ").gpuIndex()).isEqualTo(3);
    assertThat(ComputeDevice.gpu(1)).hasToString("gpu:1");
    assertThatThrownBy(() -> ComputeDevice.parse("tpu")).hasMessageContaining("cpu or gpu:N");
    assertThatThrownBy(() -> ComputeDevice.parse("gpu:-1")).hasMessageContaining("cpu or gpu:N");
  }
}

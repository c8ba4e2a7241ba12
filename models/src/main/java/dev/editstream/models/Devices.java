package dev.editstream.models;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_ContextOptions;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * The devices TensorFlow sees under a session configuration, listed through an eager context with
 * that configuration (TensorFlow Java's sessions do not expose their device list).
 */
final class Devices {

  /**
   * One device.
   *
   * @param name TensorFlow's full name, e.g. {@code /job:localhost/replica:0/task:0/device:GPU:0}
   * @param type {@code CPU} or {@code GPU}
   * @param memoryBytes the memory TensorFlow reports for it
   */
  record Device(String name, String type, long memoryBytes) {}

  private Devices() {}

  static List<Device> visible(ConfigProto config) {
    TF_Status status = TF_NewStatus();
    TFE_ContextOptions options = TFE_NewContextOptions();
    TFE_Context context = null;
    TF_DeviceList list = null;
    try {
      byte[] proto = config.toByteArray();
      try (BytePointer bytes = new BytePointer(proto)) {
        TFE_ContextOptionsSetConfig(options, bytes, proto.length, status);
      }
      check(status);
      context = TFE_NewContext(options, status);
      check(status);
      list = TFE_ContextListDevices(context, status);
      check(status);
      List<Device> out = new ArrayList<>();
      for (int i = 0; i < TF_DeviceListCount(list); i++) {
        out.add(
            new Device(
                TF_DeviceListName(list, i, status).getString(),
                TF_DeviceListType(list, i, status).getString(),
                TF_DeviceListMemoryBytes(list, i, status)));
        check(status);
      }
      return out;
    } finally {
      if (list != null) {
        TF_DeleteDeviceList(list);
      }
      if (context != null) {
        TFE_DeleteContext(context);
      }
      TFE_DeleteContextOptions(options);
      TF_DeleteStatus(status);
    }
  }

  private static void check(TF_Status status) {
    if (TF_GetCode(status) != TF_OK) {
      throw new IllegalStateException(
          "TensorFlow cannot list its devices: " + TF_Message(status).getString());
    }
  }
}

package dev.editstream.deploy.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.provision.ProvisioningReport;
import dev.editstream.deploy.provision.TopicDrift;
import dev.editstream.deploy.provision.TopicProvisioner;
import dev.editstream.schemas.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIntegrationTest {

  @TempDir Path dataDir;

  @Test
  void provisionsIdempotentlyReportsDriftAndKeepsTopicsAcrossRestart() throws Exception {
    BrokerSettings settings = new BrokerSettings(dataDir, "127.0.0.1", 0, 0);
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(settings);
        Admin admin = admin(kafka)) {
      clusterId = kafka.clusterId();
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1);

      ProvisioningReport first = provisioner.provision(Topics.all());
      assertThat(first.created()).hasSize(Topics.all().size());
      assertThat(first.drifts()).isEmpty();

      ConfigResource audit = new ConfigResource(ConfigResource.Type.TOPIC, "edit-audit");
      admin
          .incrementalAlterConfigs(
              Map.of(
                  audit,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))))
          .all()
          .get();
      // The broker applies the change asynchronously; provisioning again is harmless.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                ProvisioningReport second = provisioner.provision(Topics.all());
                assertThat(second.created()).isEmpty();
                assertThat(second.drifts())
                    .containsExactly(new TopicDrift("edit-audit", "retention.ms", "-1", "1000"));
                assertThat(second.summary()).contains("0 created").contains("1 differing");
              });
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(settings);
        Admin admin = admin(kafka)) {
      assertThat(kafka.clusterId()).isEqualTo(clusterId);
      assertThat(admin.listTopics().names().get()).contains("edit-requests", "_schemas");
    }
  }

  @Test
  void refusesAPortInUseWithAClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      BrokerSettings settings = new BrokerSettings(dataDir, "127.0.0.1", taken.getLocalPort(), 0);
      assertThatThrownBy(() -> EmbeddedKafka.start(settings))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("editstream.kafka.port");
    }
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }
}

package dev.editstream.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.gateway.Gateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code editstream status}: where one request is, from the stack's HTTP gateway ({@code GET
 * /v1/edits/<id>}: the flow's state store, queried interactively).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print where a request is: its stage (RESOLVING its caption or inversion, DISPATCHED with"
          + " the worker's latest step, TERMINAL with its result), from the running stack's"
          + " HTTP gateway (GET /v1/edits/<id>).",
      "Exit code 0 when it has ended, 3 while it is open, 4 when the stack does not know it."
    })
public final class StatusCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id.")
  String requestId;

  @Option(
      names = {"--gateway-url", "--status-url"},
      paramLabel = "URL",
      description = "The stack's HTTP gateway (default: from the configuration).")
  String gatewayUrl;

  @Option(names = "--json", description = "Print the status document as JSON.")
  boolean json;

  private final EditStreamConfig config;

  /**
   * A status command.
   *
   * @param config the launcher's configuration, for the endpoint's default
   */
  public StatusCommand(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String base = gatewayUrl != null ? gatewayUrl : config.gatewayUrl();
    URI uri =
        URI.create(
            base
                + Gateway.EDITS
                + "/"
                + URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20"));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    String token = config.get(EditStreamConfig.GATEWAY_TOKEN);
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("status failed: no HTTP gateway at " + base + " (is `editstream up` running?)");
      return 1;
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(response.body());
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("status failed: " + uri + " answered " + response.statusCode());
      return 1;
    }
    if (json) {
      out.println(doc.toPrettyString());
    } else if (response.statusCode() == 200) {
      out.println(line(doc));
    } else {
      out.println("request " + requestId + ": " + doc.path("message").asText());
    }
    out.flush();
    if (response.statusCode() == 404) {
      return 4;
    }
    if (response.statusCode() != 200) {
      return 1;
    }
    return doc.has("result") ? 0 : 3;
  }

  /** One line: the stage, then what it waits for, its progress or its result. */
  static String line(JsonNode doc) {
    StringBuilder b = new StringBuilder("request ").append(doc.path("requestId").asText());
    JsonNode result = doc.path("result");
    if (!result.isMissingNode()) {
      b.append(": ")
          .append(result.path("status").asText())
          .append(' ')
          .append(result.path("reasonCode").asText())
          .append(" - ")
          .append(result.path("message").asText());
      if (result.has("image")) {
        b.append(" (image sha256 ")
            .append(result.path("image").path("sha256").asText())
            .append(')');
      }
      return b.toString();
    }
    b.append(": ").append(doc.path("stage").asText());
    if (doc.has("resolving")) {
      b.append(" ").append(doc.path("resolving").asText());
    }
    JsonNode progress = doc.path("progress");
    if (!progress.isMissingNode()) {
      b.append(", ")
          .append(progress.path("stage").asText())
          .append(" step ")
          .append(progress.path("step").asInt())
          .append('/')
          .append(progress.path("totalSteps").asInt());
    }
    return b.toString();
  }
}

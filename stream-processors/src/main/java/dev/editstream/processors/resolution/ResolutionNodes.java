package dev.editstream.processors.resolution;

/** The names of one stage's nodes in the topology, derived from the stage's name. */
record ResolutionNodes(ResolutionStage<?> stage) {

  String requestsSource() {
    return stage.name() + "-requests-source";
  }

  String tableSource() {
    return stage.name() + "-table-source";
  }

  String processor() {
    return stage.name() + "-resolution";
  }

  String jobs() {
    return stage.name() + "-jobs-sink";
  }

  String resolutions() {
    return stage.name() + "-resolutions-sink";
  }

  String audit() {
    return stage.name() + "-audit-sink";
  }
}

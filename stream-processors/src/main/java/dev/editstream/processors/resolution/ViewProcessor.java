package dev.editstream.processors.resolution;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one stage's global view store: a usable record is stored under its key; a failed record or
 * a tombstone removes the key, so that the view only ever answers hits.
 */
final class ViewProcessor<R extends SpecificRecord> implements Processor<String, R, Void, Void> {

  private final ResolutionStage<R> stage;
  private KeyValueStore<String, R> view;

  ViewProcessor(ResolutionStage<R> stage) {
    this.stage = stage;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    view = context.getStateStore(stage.viewStore());
  }

  @Override
  public void process(Record<String, R> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null || stage.failure().apply(record.value()).isPresent()) {
      view.delete(record.key());
    } else {
      view.put(record.key(), record.value());
    }
  }
}

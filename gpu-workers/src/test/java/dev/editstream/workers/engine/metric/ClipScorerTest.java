package dev.editstream.workers.engine.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.model.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipScorerTest {

  @Test
  void scoresFollowTheEncodersEmbeddings() {
    DiffusionModel model = TestModels.model();
    ClipScorer clip = new ClipScorer(model);
    Scene s = new World(3).scene(0);
    RgbImage img = RgbImage.fromModelRange(Renderer.SIZE, Renderer.SIZE, Renderer.render(s));
    float[] e = model.embedImages(List.of(img))[0];
    float[] t = model.embed(List.of(s.caption())).pooled().values();
    assertThat(clip.score(img, s.caption()))
        .isCloseTo(ClipScore.of(e, t), within(1e-9))
        .isBetween(0.0, 100.0);
    // no image change: no direction
    assertThat(clip.directional(img, img, s.caption(), "a red circle on a blue background"))
        .isZero();
  }
}

package dev.editstream.models.world;

/**
 * Renders scenes anti-aliased (4x4 supersampling per pixel) into 32x32 RGB images, NHWC order,
 * values in [-1, 1], and object masks (visible coverage in [0, 1]).
 */
public final class Renderer {
  /** Image width and height in pixels. */
  public static final int SIZE = 32;

  private static final int SUPER = 4;

  private Renderer() {}

  /** The image of a scene: SIZE*SIZE*3 floats, row-major HWC, in [-1, 1]. */
  public static float[] render(Scene scene) {
    float[] img = new float[SIZE * SIZE * 3];
    float[] bg = scene.background().rgb();
    float[][] cover = new float[scene.objects().size()][];
    for (int i = 0; i < cover.length; i++) {
      cover[i] = coverage(scene.objects().get(i));
    }
    for (int p = 0; p < SIZE * SIZE; p++) {
      float r = bg[0];
      float g = bg[1];
      float b = bg[2];
      for (int i = 0; i < cover.length; i++) {
        float a = cover[i][p];
        if (a > 0) {
          float[] c = scene.objects().get(i).colour().rgb();
          r += a * (c[0] - r);
          g += a * (c[1] - g);
          b += a * (c[2] - b);
        }
      }
      img[3 * p] = 2 * r - 1;
      img[3 * p + 1] = 2 * g - 1;
      img[3 * p + 2] = 2 * b - 1;
    }
    return img;
  }

  /**
   * The visible mask of object {@code index}: SIZE*SIZE floats in [0, 1], its coverage minus what
   * objects drawn after it hide.
   */
  public static float[] mask(Scene scene, int index) {
    float[] m = coverage(scene.objects().get(index));
    for (int j = index + 1; j < scene.objects().size(); j++) {
      float[] above = coverage(scene.objects().get(j));
      for (int p = 0; p < m.length; p++) {
        m[p] *= 1f - above[p];
      }
    }
    return m;
  }

  private static float[] coverage(SceneObject o) {
    float[] cov = new float[SIZE * SIZE];
    float radius = o.size().radius();
    float inv = 1f / radius;
    int x0 = Math.max(0, (int) Math.floor(o.centreX() - radius - 1));
    int x1 = Math.min(SIZE - 1, (int) Math.ceil(o.centreX() + radius + 1));
    int y0 = Math.max(0, (int) Math.floor(o.centreY() - radius - 1));
    int y1 = Math.min(SIZE - 1, (int) Math.ceil(o.centreY() + radius + 1));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int hits = 0;
        for (int sy = 0; sy < SUPER; sy++) {
          float v = (y + (sy + 0.5f) / SUPER - o.centreY()) * inv;
          for (int sx = 0; sx < SUPER; sx++) {
            float u = (x + (sx + 0.5f) / SUPER - o.centreX()) * inv;
            if (o.shape().contains(u, v)) {
              hits++;
            }
          }
        }
        cov[y * SIZE + x] = hits / (float) (SUPER * SUPER);
      }
    }
    return cov;
  }
}

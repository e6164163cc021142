package io.missrec.model.encode;

import java.awt.image.BufferedImage;

/**
 * A frozen image encoder. Images are decoded and non-null, of any size (the encoder preprocesses
 * them). The id covers weights and preprocessing.
 */
public interface ImageEncoder extends FrozenEncoder<BufferedImage> {}

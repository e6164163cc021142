package io.missrec.model.encode;

/**
 * A frozen text encoder. Texts are non-null; an empty string is encoded like any other text. The id
 * covers weights, tokenisation and pooling.
 */
public interface TextEncoder extends FrozenEncoder<String> {}

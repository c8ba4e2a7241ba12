package dev.editstream.models;

/**
 * What {@code eps_vjp_context} returns: eps and the vector-Jacobian product of eps with respect to
 * the context for a given eps cotangent.
 *
 * @param eps the predicted noise, (B, H, W, C)
 * @param dContext sum over eps of cotangent * d eps / d context, (B, L, D)
 */
public record ContextGradient(FloatTensor eps, FloatTensor dContext) {}

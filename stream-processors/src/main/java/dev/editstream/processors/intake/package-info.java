/**
 * Intake, the first stage: every request on {@code edit-requests} is de-duplicated by request id
 * and validated ({@link dev.editstream.processors.intake.RequestValidator}, plain Java) before any
 * work is spent on it; valid ones go on to {@code edit-requests-accepted}, invalid ones end in one
 * REJECTED result and a dead letter ({@link dev.editstream.processors.intake.IntakeTopology}).
 */
package dev.editstream.processors.intake;

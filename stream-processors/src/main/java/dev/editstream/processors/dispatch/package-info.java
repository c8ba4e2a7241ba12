/**
 * Dispatch: an accepted request becomes an {@code EditJob} on {@code jobs-edit} holding the plan
 * and every input, made by a {@link dev.editstream.processors.dispatch.JobFactory}, unless it was
 * cancelled first, its deadline passed or no job can be made of it ({@link
 * dev.editstream.processors.dispatch.DispatchProcessor}).
 */
package dev.editstream.processors.dispatch;

/**
 * Noise schedules and DDIM schedulers with Stable Diffusion's (diffusers') conventions: one step
 * primitive ({@link dev.editstream.workers.engine.schedule.DdimStep}) serves sampling ({@link
 * dev.editstream.workers.engine.schedule.DdimScheduler}) and inversion ({@link
 * dev.editstream.workers.engine.schedule.DdimInverseScheduler}); classifier-free guidance is {@link
 * dev.editstream.workers.engine.schedule.Guidance}.
 */
package dev.editstream.workers.engine.schedule;

/**
 * The HTTP gateway: EditStream's edits as a small JSON API on Javalin, for callers that do not
 * speak Kafka.
 *
 * <ul>
 *   <li>{@code POST /v1/edits} submits (JSON with a base64 image, or multipart), 202 with the id;
 *   <li>{@code GET /v1/edits/{id}} answers the status from the flow's status store;
 *   <li>{@code GET /v1/edits/{id}/image} gives the result image;
 *   <li>{@code GET /v1/edits/{id}/events} streams progress and the result as server-sent events;
 *   <li>{@code DELETE /v1/edits/{id}} asks to cancel;
 *   <li>{@code GET /v1/openapi.json} describes all of them.
 * </ul>
 *
 * <p>{@link dev.editstream.gateway.Gateway} is the server, {@link
 * dev.editstream.gateway.GatewaySettings} its settings and {@link
 * dev.editstream.gateway.EditBackend} the edge it talks to ({@link
 * dev.editstream.gateway.KafkaBackend} in a deployment: the producers' {@code EditClient}, the
 * status store, the blob store). Every error is JSON {@code {"reason": CODE, "message": ...}} with
 * a code of {@link dev.editstream.schemas.ReasonCode}. The gateway keeps no rule of its own about
 * requests: ids are de-duplicated by intake, values are validated by intake, cancellation is
 * decided by the results stage.
 */
package dev.editstream.gateway;

/** Topic provisioning from the catalogue: idempotent, reporting drift instead of changing it. */
package dev.editstream.deploy.provision;

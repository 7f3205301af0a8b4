package io.skein.core.api;

/** A tag key and value an event or scan filter matches exactly (spec 02 §11 {@code ScannerFilter}). */
public record InstanceTag(String key, String value) {

    public InstanceTag {
        ArgCheck.text(key, 128, "instance_tag.key");
        ArgCheck.present(value, "instance_tag.value");
        ArgCheck.maxBytes(value, 4096, "instance_tag.value");
    }
}

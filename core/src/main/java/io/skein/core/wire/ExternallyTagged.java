package io.skein.core.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a sealed interface of record variants whose JSON form is externally tagged (spec 02): a variant with
 * fields is {@code {"Name":{…}}}, a variant without fields is the bare string {@code "Name"}. The tag is the
 * record's simple name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExternallyTagged {}

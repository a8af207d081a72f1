/**
 * JSON Schema validation of published documents: {@link org.jsonmmap.schema.JsonSchemaValidator} is a
 * {@link org.jsonmmap.DocumentValidator} for {@link org.jsonmmap.WriterOptions#withValidator}, built on
 * networknt's json-schema-validator (Jackson 3). Draft 2020-12 unless the schema's {@code $schema} names
 * another draft. This module keeps the schema library out of the core.
 */
package org.jsonmmap.schema;

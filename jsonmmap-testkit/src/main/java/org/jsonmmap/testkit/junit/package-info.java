/** JUnit 5 extensions over the kit (JUnit is an optional dependency of the kit). */
package org.jsonmmap.testkit.junit;

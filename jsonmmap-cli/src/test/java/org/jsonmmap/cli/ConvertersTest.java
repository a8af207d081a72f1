package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
    @Test
    void durationsAcceptUnitsBareSecondsAndIso() {
        assertThat(Converters.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Converters.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Converters.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Converters.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Converters.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Converters.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Converters.parseDuration("PT7S")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void badDurationNamesTheValue() {
        assertThatThrownBy(() -> Converters.parseDuration("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> Converters.parseDuration("-5s")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void sizesArePowersOf1024() {
        assertThat(Converters.parseSize("65536")).isEqualTo(65536L);
        assertThat(Converters.parseSize("64k")).isEqualTo(65536L);
        assertThat(Converters.parseSize("64KiB")).isEqualTo(65536L);
        assertThat(Converters.parseSize("16m")).isEqualTo(16L << 20);
        assertThat(Converters.parseSize("1G")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> Converters.parseSize("lots")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'lots' is not a size");
    }

    @Test
    void exitCodesAreDistinct() {
        Set<Integer> codes = new HashSet<>();
        for (ExitCode c : ExitCode.values()) {
            assertThat(codes.add(c.code())).as("code %d of %s is unique", c.code(), c).isTrue();
        }
        assertThat(ExitCode.helpList()).hasSize(ExitCode.values().length);
    }
}

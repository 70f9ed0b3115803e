package dev.vectorprop.guide;

import java.util.Locale;

/**
 * What a guide example prints, collected as text so that {@link GuideTest} can compare it with
 * {@code docs/guide.md}. In the guide's snippets {@code out} stands for {@code System.out}; formatting
 * always uses {@link Locale#ROOT}, so the digits do not depend on the machine's locale.
 */
final class Out {

    private final StringBuilder text = new StringBuilder();

    void printf(String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args));
    }

    void println(String line) {
        text.append(line).append('\n');
    }

    void print(String s) {
        text.append(s.replace(System.lineSeparator(), "\n"));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

package ru.mcu.marshrut.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ru.mcu.marshrut.deadlines.DeadlineClassCatalog;
import ru.mcu.marshrut.routing.IntakeRulesPrecompiler;
import ru.mcu.marshrut.rulesets.PrecompiledTables;

/**
 * Build step (pom.xml, phase process-classes), one JVM for what the build compiles of the shipped rules so that the
 * start does not: the intake DRL to the executable model ({@link IntakeRulesPrecompiler}), the deadline-class DMN
 * to its table ({@link DeadlineClassCatalog#precompute}) and the shipped autorule tables to their compiled rows
 * ({@link PrecompiledTables#precompute}).
 *
 * <p>Arguments: the folder of the DRL files ({@code rules/}), the folder of the DMN files ({@code decisions/}) and
 * the build's class output folder.
 */
public final class Precompile {

    private Precompile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Precompile <rules folder> <decisions folder> <class output folder>");
        }
        IntakeRulesPrecompiler.main(new String[] { args[0], args[2] });
        String dmn = Files.readString(Path.of(args[1]).resolve(DeadlineClassCatalog.SOURCE), StandardCharsets.UTF_8);
        Path written = DeadlineClassCatalog.precompute(dmn, Path.of(args[2]));
        System.out.printf("Deadline classes %s evaluated: %s%n", DeadlineClassCatalog.SOURCE, written.getFileName());
        var tables = PrecompiledTables.precompute(Path.of(args[1]).resolve("autorules"), Path.of(args[2]));
        System.out.printf("Autorule tables compiled: %d%n", tables.size());
    }
}

package ru.mcu.marshrut.rulesets;

import java.time.Instant;

/** One version of a municipality's autorules, compiled once and then only read. */
public record Ruleset(String municipality, int version, String hash, Instant createdAt, AutoruleTable table,
        AutoruleIndex index, DmnAutoruleReader.Result source) {

    public static Ruleset compile(String municipality, int version, String sourceName, String xml) {
        DmnAutoruleReader.Result source = DmnAutoruleReader.read(municipality, sourceName, xml);
        return new Ruleset(municipality, version, RuleSources.sha256(xml), Instant.now(), source.table(),
                AutoruleIndex.build(source.table()), source);
    }
}

package ru.mcu.marshrut.api;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/** Path lookups shared by the resources: an unknown id is a 404 problem naming what exists. */
final class Lookups {

    private Lookups() {
    }

    static Municipality municipality(MunicipalityCatalog municipalities, String id) {
        return municipalities.find(id).orElseThrow(() -> ProblemException.notFound("Unknown municipality \"" + id
                + "\"; known: " + municipalities.ids()));
    }
}

// An unknown class inside nested compounds: the error is at its
// declaration, with a note at each expansion, innermost first.
elementclass Inner { input -> x :: Bogus -> output }
elementclass Outer { input -> i :: Inner -> output }
FromDevice(eth0) -> o :: Outer -> Discard;

// One compound expanded twice: the unknown class in its body is one
// mistake, reported once.
elementclass Box { input -> x :: Bogus -> output }
FromDevice(eth0) -> a :: Box -> Discard;
FromDevice(eth1) -> b :: Box -> Discard;

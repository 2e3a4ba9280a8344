// A misspelt class name: the closest known class is suggested.
FromDevice(eth0) -> c :: Countr -> Discard;

Idle -> x :: { $a | input -> Paint($a) -> output } (4) -> Discard;
